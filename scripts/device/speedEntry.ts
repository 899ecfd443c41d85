// bench:speed for the real-GPU machine, bundled by scripts/device/prepare.mjs into .device/speed.mjs.
// Sets up WebGPU through Dawn BEFORE the webgpu backend module evaluates (it registers itself only
// where navigator.gpu exists), then runs the benchmark's own entry with the command-line flags.
// bench:speed imports backends by name at run time; .device/node_modules holds a stub package for
// '@tensorflow/tfjs-backend-webgpu' so that import resolves to the copy bundled here (one tfjs-core).
import { create, globals } from 'webgpu';

Object.assign(globalThis, globals);
Object.defineProperty(globalThis, 'navigator', { value: { gpu: create([]) }, configurable: true });
(globalThis as { __tfjsWebgpu?: unknown }).__tfjsWebgpu = await import('@tensorflow/tfjs-backend-webgpu');
await import('../../packages/benchmarks/src/speedMain');
