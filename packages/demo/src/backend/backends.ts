/// <reference types="vite/client" />
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-webgl';
import '@tensorflow/tfjs-backend-webgpu';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { registerWasmConv2DBackpropFilter } from '@tfjs-noise/examples/browser';
// The build copies the .wasm binaries next to the page (hashed names), so the
// wasm backend never reaches for a CDN.
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreadedSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';

setWasmPaths({
  'tfjs-backend-wasm.wasm': wasmPlain,
  'tfjs-backend-wasm-simd.wasm': wasmSimd,
  'tfjs-backend-wasm-threaded-simd.wasm': wasmThreadedSimd,
});
// The wasm backend lacks the filter gradient, without which the CNN cannot train there.
registerWasmConv2DBackpropFilter();

export const BACKENDS = ['webgpu', 'webgl', 'wasm', 'cpu'] as const;
export type BackendName = (typeof BACKENDS)[number];
export type BackendRequest = BackendName | 'best';

/**
 * Activates `request`; `best` takes the first of webgpu, webgl, wasm, cpu that
 * initialises here. An explicit backend that does not initialise is an error
 * (the page shows it) rather than a silent fallback.
 */
export async function activateBackend(request: BackendRequest): Promise<BackendName> {
  const order = request === 'best' ? BACKENDS : [request];
  for (const name of order) {
    if (tf.getBackend() === name) return name;
    let ok = false;
    try {
      ok = await tf.setBackend(name);
    } catch {
      ok = false;
    }
    if (ok) {
      await tf.ready();
      return name;
    }
  }
  throw new Error(
    request === 'best'
      ? 'No TensorFlow.js backend initialised in this browser (tried webgpu, webgl, wasm, cpu).'
      : `The ${request} backend does not initialise in this browser; pick another one.`,
  );
}
