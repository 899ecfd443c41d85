import * as tf from '@tensorflow/tfjs-core';
import type { FusedNoiseRequest } from '../optimizer/fusedNoiseKernel';
import { deviceNoiseKind, deviceNoiseUniforms, type DeviceNoiseKind } from './deviceNoiseKind';

/** The request's values as the shaders read them (see {@link deviceNoiseUniforms}). */
export type DeviceNoiseUniforms = ReturnType<typeof deviceNoiseUniforms>;

/**
 * What the webgl and webgpu kernels share: decide whether the device draws
 * this request (else null: the upload path), flatten the gradient, run the
 * backend's program on it, and give the result the gradient's shape. `run`
 * is the only backend-specific part: it builds the program and calls the
 * backend's runner, found by duck typing (`isRunner`), so core imports no
 * backend package.
 */
export function deviceFusedNoise<B>(
  r: FusedNoiseRequest,
  isRunner: (backend: unknown) => backend is B,
  run: (backend: B, flat: tf.Tensor1D, kind: DeviceNoiseKind, uniforms: DeviceNoiseUniforms) => tf.TensorInfo,
): tf.Tensor | null {
  const kind = deviceNoiseKind(r);
  const backend = tf.backend();
  if (kind === null || !isRunner(backend)) return null;
  const n = r.gradient.size;
  if (n === 0) return tf.clone(r.gradient);
  const uniforms = deviceNoiseUniforms(r);
  return tf.tidy(() => {
    const info = run(backend, tf.reshape(r.gradient, [n]), kind, uniforms);
    return tf.reshape(tf.engine().makeTensorFromTensorInfo(info), r.gradient.shape);
  });
}

/** One shader source per noise kind, built on first use (the backends cache compiled programs by source or key). */
export function sourcePerKind(build: (kind: DeviceNoiseKind) => string): (kind: DeviceNoiseKind) => string {
  const sources = new Map<DeviceNoiseKind, string>();
  return (kind) => {
    let s = sources.get(kind);
    if (!s) sources.set(kind, (s = build(kind)));
    return s;
  };
}
