import * as tf from '@tensorflow/tfjs-core';
import { fusedNoiseKernelFor, hostFusedNoise, registerFusedNoiseKernel } from '@tfjs-noise/core';
import type { CatalogEntry } from './optimizerCatalog';

/**
 * One `minimize` step of a benchmark entry, with the active backend's fused
 * noise kernel switched as the entry asks ('off': tf ops, 'host': the host
 * module) and restored after. Waits for the step with an asynchronous read:
 * WebGPU in Node has no synchronous one, and on GPU backends a synchronous read
 * would stall the pipeline (tens of ms alone on webgpu).
 */
export async function timedStep(entry: Pick<CatalogEntry, 'fusedKernel'>, opt: tf.Optimizer, loss: () => tf.Scalar, vars: tf.Variable[]): Promise<void> {
  const backend = tf.getBackend();
  const previous = fusedNoiseKernelFor(backend);
  if (entry.fusedKernel) registerFusedNoiseKernel(backend, entry.fusedKernel === 'host' ? hostFusedNoise : null);
  try {
    const cost = opt.minimize(loss, true, vars)!;
    await cost.data();
    cost.dispose();
  } finally {
    registerFusedNoiseKernel(backend, previous);
  }
}
