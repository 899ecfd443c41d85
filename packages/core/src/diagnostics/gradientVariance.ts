import * as tf from '@tensorflow/tfjs-core';
import { checkNumber } from '../validation';
import { readScalars, summarize, type Estimate } from './hessianTrace';

/**
 * Total variance of a random gradient: `E‖g − E g‖²`, estimated from `draws`
 * calls of `gradient(k)` (each returns one gradient per variable; the caller
 * decides what is random in draw k — a perturbation, a mini-batch). Uses the
 * unbiased `1/(n−1)` form. `samples` holds each draw's squared distance to the mean.
 */
export async function gradientVariance(gradient: (draw: number) => tf.Tensor[], draws: number): Promise<Estimate & { variance: number }> {
  const n = checkNumber('gradientVariance', 'draws', draws, { min: 2, integer: true });
  const grads = Array.from({ length: n }, (_, k) => gradient(k));
  try {
    const squared = tf.tidy(() => {
      const mean = grads[0]!.map((_, i) => tf.div(tf.addN(grads.map((g) => g[i]!)), n));
      return grads.map((g) => tf.addN(g.map((t, i) => tf.sum(tf.square(tf.sub(t, mean[i]!))))) as tf.Scalar);
    });
    const distances = await readScalars(squared);
    return { ...summarize(distances), variance: distances.reduce((a, b) => a + b, 0) / (n - 1) };
  } finally {
    tf.dispose(grads.flat());
  }
}
