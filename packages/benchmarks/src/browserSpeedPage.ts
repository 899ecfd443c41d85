// The page side of bench:speed:browser, bundled by esbuild and loaded from 127.0.0.1
// (a secure context: navigator.gpu exists only there). The Node side calls
// window.tfjsNoiseBench.run(...) through playwright.
import '@tensorflow/tfjs-backend-webgl';
import '@tensorflow/tfjs-backend-webgpu';
import * as tf from '@tensorflow/tfjs-core';
import { runBrowserSpeed, type BrowserSpeedOptions } from './browserSpeed';
import type { BrowserSpeedRow } from './browserSpeedReport';

async function run(backend: string, o: Omit<BrowserSpeedOptions, 'log'>): Promise<BrowserSpeedRow[]> {
  if (!(await tf.setBackend(backend)) || tf.getBackend() !== backend) {
    throw new Error(`backend ${backend} did not initialise in this browser (tf.getBackend() is ${tf.getBackend()})`);
  }
  await tf.ready();
  return runBrowserSpeed({ ...o, log: (line) => console.log(line) });
}

(globalThis as unknown as { tfjsNoiseBench: { run: typeof run } }).tfjsNoiseBench = { run };
