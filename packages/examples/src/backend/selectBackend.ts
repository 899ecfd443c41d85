import * as tf from '@tensorflow/tfjs-core';
import { registerWasmConv2DBackpropFilter } from './wasmConv2DBackpropFilter';

export const BACKENDS = ['auto', 'cpu', 'wasm', 'webgpu', 'tensorflow'] as const;
export type BackendRequest = (typeof BACKENDS)[number];

export type BackendChoice = {
  /** The tfjs backend now active. */
  backend: string;
  /** Why it was chosen, in one sentence. */
  reason: string;
  /** Each option tried before it, and why it was passed over. */
  fallbacks: string[];
};

/** How modules are loaded; injectable so tests can pretend a package is or is not installed. */
export type Importer = (specifier: string) => Promise<unknown>;
const defaultImporter: Importer = (specifier) => import(specifier);

function why(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  if (err?.code === 'ERR_MODULE_NOT_FOUND' || err?.code === 'MODULE_NOT_FOUND') return 'not installed';
  // tfjs-node installed without its install script (pnpm, --ignore-scripts, no download host): say so
  // rather than quote its multi-line message.
  if (/tfjs_binding\.node\) can not be found/.test(err?.message ?? '')) return 'installed, but its native addon (tfjs_binding.node) is not built';
  return (err?.message ?? String(e)).split('\n')[0]!;
}

async function tryTensorflow(pkg: string, importer: Importer): Promise<void> {
  await importer(pkg); // registers the 'tensorflow' backend on import
  if (!(await tf.setBackend('tensorflow'))) throw new Error(`${pkg} loaded but the 'tensorflow' backend did not initialise`);
}

async function tryWasm(importer: Importer): Promise<void> {
  await importer('@tensorflow/tfjs-backend-wasm');
  registerWasmConv2DBackpropFilter();
  if (!(await tf.setBackend('wasm'))) throw new Error("the 'wasm' backend did not initialise");
}

async function tryWebgpu(importer: Importer): Promise<void> {
  // In Node, WebGPU comes from the `webgpu` package (Dawn), which needs a Vulkan driver.
  if (typeof (globalThis as { navigator?: { gpu?: unknown } }).navigator?.gpu === 'undefined') {
    const dawn = (await importer('webgpu')) as { create: (o: string[]) => unknown; globals: object };
    Object.assign(globalThis, dawn.globals);
    Object.defineProperty(globalThis, 'navigator', { value: { gpu: dawn.create([]) }, configurable: true });
  }
  await importer('@tensorflow/tfjs-backend-webgpu');
  if (!(await tf.setBackend('webgpu'))) throw new Error("the 'webgpu' backend did not initialise (no Vulkan driver?)");
}

/**
 * Activates the requested backend. `auto` tries, in order,
 * `@tensorflow/tfjs-node-gpu` (CUDA), `@tensorflow/tfjs-node`, the wasm
 * backend (shipped with this package), then the pure-JS cpu backend, and says
 * why each earlier option was passed over. The tfjs-node packages are not
 * dependencies of this repo (their install downloads libtensorflow); install
 * one yourself to use it. An explicit request fails loudly instead of falling back.
 */
export async function selectBackend(request: BackendRequest, importer: Importer = defaultImporter): Promise<BackendChoice> {
  const attempts: Record<Exclude<BackendRequest, 'auto'>, Array<[label: string, run: () => Promise<void>, reason: string]>> = {
    tensorflow: [
      ['@tensorflow/tfjs-node-gpu', () => tryTensorflow('@tensorflow/tfjs-node-gpu', importer), '@tensorflow/tfjs-node-gpu is installed: TensorFlow C library with CUDA'],
      ['@tensorflow/tfjs-node', () => tryTensorflow('@tensorflow/tfjs-node', importer), '@tensorflow/tfjs-node is installed: TensorFlow C library on the CPU'],
    ],
    wasm: [['wasm', () => tryWasm(importer), 'wasm backend (XNNPACK, SIMD; single-threaded in Node), with this package\'s Conv2DBackpropFilter kernel']],
    webgpu: [['webgpu', () => tryWebgpu(importer), 'webgpu backend through the `webgpu` (Dawn) package']],
    cpu: [['cpu', async () => void (await tf.setBackend('cpu')), 'pure-JavaScript cpu backend (works everywhere, slowest)']],
  };
  const order = request === 'auto' ? [...attempts.tensorflow, ...attempts.wasm, ...attempts.cpu] : attempts[request];
  const fallbacks: string[] = [];
  for (const [label, run, reason] of order) {
    try {
      await run();
      await tf.ready();
      return { backend: tf.getBackend(), reason: request === 'auto' ? `auto: ${reason}` : reason, fallbacks };
    } catch (e) {
      fallbacks.push(`${label}: ${why(e)}`);
    }
  }
  throw new Error(`Backend "${request}" is not available here: ${fallbacks.join('; ')}.` + (request === 'tensorflow' ? ' Install @tensorflow/tfjs-node (or -node-gpu) where its libtensorflow download can run.' : ''));
}
