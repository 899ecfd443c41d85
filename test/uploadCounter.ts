import * as tf from '@tensorflow/tfjs-core';

/**
 * Counts the bytes tfjs copies from host arrays into GPU memory while `f`
 * runs, by wrapping the active backend's `uploadToGPU(dataId)`: webgl uploads
 * `texData.values` into a texture when the tensor has none, webgpu copies
 * `tensorMap` values into a storage buffer when it has no resource (tfjs-
 * backend-webgl/webgpu 4.22). Uniforms (the program's own, and webgl's tiny
 * CPU tensors passed as uniforms) do not go through it. Returns the bytes and
 * f's result; throws off webgl/webgpu.
 */
export function countUploadedBytes<T>(f: () => T): { bytes: number; uploads: number; result: T } {
  type Entry = { values?: ArrayBufferView | null; texture?: unknown; resource?: unknown };
  const backend = tf.backend() as unknown as {
    uploadToGPU(dataId: object): void;
    texData?: { get(id: object): Entry };
    tensorMap?: { get(id: object): Entry };
  };
  const store = backend.texData ?? backend.tensorMap;
  if (typeof backend.uploadToGPU !== 'function' || !store) throw new Error(`countUploadedBytes: ${tf.getBackend()} is not a webgl/webgpu backend`);
  const original = backend.uploadToGPU;
  let bytes = 0;
  let uploads = 0;
  backend.uploadToGPU = function (dataId: object) {
    const entry = store.get(dataId);
    const onDevice = backend.texData ? entry.texture != null : entry.resource != null;
    if (!onDevice && entry.values) {
      bytes += entry.values.byteLength;
      uploads++;
    }
    return original.call(this, dataId);
  };
  try {
    const result = f();
    return { bytes, uploads, result };
  } finally {
    backend.uploadToGPU = original;
  }
}
