import * as tf from '@tensorflow/tfjs-core';
import { InvalidOptionError } from '@tfjs-noise/core';

/**
 * The backend lanes that run in Node (the webgl, webgl-f16 and webgpu lanes run in headless
 * Chromium through vitest.browser.config.ts), and the tfjs backend name each one must end up on.
 */
export const NODE_LANES = {
  cpu: 'cpu',
  wasm: 'wasm',
  tensorflow: 'tensorflow',
  'webgpu-node': 'webgpu',
} as const;
export type NodeLane = keyof typeof NODE_LANES;

/** Reads a lane name (the TFJS_BACKEND variable); unset means cpu, the backend every machine has. */
export function parseNodeLane(value: string | undefined): NodeLane {
  if (value === undefined || value === '') return 'cpu';
  if (Object.hasOwn(NODE_LANES, value)) return value as NodeLane;
  const browser = ['webgl', 'webgl-f16', 'webgpu'].includes(value) ? ` (${value} runs in headless Chromium: vitest.browser.config.ts)` : '';
  throw new InvalidOptionError('test setup', 'TFJS_BACKEND', value, `one of ${Object.keys(NODE_LANES).join(', ')}${browser}`);
}

async function activate(lane: NodeLane): Promise<void> {
  switch (lane) {
    case 'cpu':
      return;
    case 'wasm':
      await import('@tensorflow/tfjs-backend-wasm');
      return;
    case 'tensorflow':
      // Registers the 'tensorflow' backend on our engine: there is one @tensorflow/tfjs-core in the tree.
      await import('@tensorflow/tfjs-node');
      return;
    case 'webgpu-node': {
      // Dawn's Node binding needs a Vulkan driver; the runner points it at Chromium's SwiftShader ICD.
      const dawn = await import('webgpu');
      Object.assign(globalThis, dawn.globals);
      Object.defineProperty(globalThis, 'navigator', { value: { gpu: dawn.create([]) }, configurable: true });
      await import('@tensorflow/tfjs-backend-webgpu');
      return;
    }
  }
}

/**
 * Makes the lane's backend the active one, or throws: a lane that silently ran on another
 * backend would report passes it never earned.
 */
export async function useNodeLane(value: string | undefined): Promise<NodeLane> {
  const lane = parseNodeLane(value);
  await activate(lane);
  const wanted = NODE_LANES[lane];
  const ok = await tf.setBackend(wanted);
  await tf.ready();
  if (!ok || tf.getBackend() !== wanted) {
    throw new Error(`TFJS_BACKEND=${lane}: the '${wanted}' backend did not initialise (active backend: ${tf.getBackend()}).`);
  }
  return lane;
}
