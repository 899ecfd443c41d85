// The browser lanes: every test file runs on the GPU backend the config asked for
// (TFJS_BACKEND → inject('tfjsBackend')), and the run fails if tfjs ends up on any
// other one: a missing WebGPU adapter must be a red lane, not a silent cpu run.
import '@tensorflow/tfjs-backend-webgl';
import '@tensorflow/tfjs-backend-webgpu';
// tfjs-core's main entry does not register gradients (see test/setup.ts); chained ops stay unregistered.
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import * as tf from '@tensorflow/tfjs-core';
import { inject } from 'vitest';
import type { BrowserBackend } from '../vitest.browser.config';

declare module 'vitest' {
  export interface ProvidedContext {
    tfjsBackend: BrowserBackend;
  }
}

const requested = inject('tfjsBackend');
const backend = requested === 'webgl-f16' ? 'webgl' : requested;
if (requested === 'webgl-f16') {
  // As on GPUs without float32 render targets (many phones): every texture is half precision.
  // Must be set before the backend initialises.
  tf.env().set('WEBGL_FORCE_F16_TEXTURES', true);
}
if (backend === 'webgpu' && !(await (navigator as Navigator & { gpu?: { requestAdapter(): Promise<unknown> } }).gpu?.requestAdapter())) {
  throw new Error('webgpu lane: navigator.gpu.requestAdapter() gave no adapter (Chromium needs --enable-unsafe-webgpu --use-webgpu-adapter=swiftshader --enable-features=Vulkan --use-vulkan=swiftshader)');
}
const ok = await tf.setBackend(backend);
await tf.ready();
if (!ok || tf.getBackend() !== backend) {
  throw new Error(`${requested} lane: tf.setBackend('${backend}') ${ok ? 'succeeded' : 'failed'} but tf.getBackend() is '${tf.getBackend()}'`);
}
if (requested === 'webgl-f16' && tf.env().getBool('WEBGL_RENDER_FLOAT32_ENABLED')) {
  throw new Error('webgl-f16 lane: float32 render targets are still enabled');
}
