import * as tf from '@tensorflow/tfjs-core';

/**
 * What to do when a step would write a NaN or an infinity: `throw` leaves
 * every weight and slot as it was and raises {@link NonFiniteUpdateError};
 * `skip` leaves them as they were, counts the step in `skippedSteps`, and
 * goes on (the step counter still advances, so the next step draws new noise).
 */
export type NonFinitePolicy = 'throw' | 'skip';
export const NON_FINITE_POLICIES: readonly NonFinitePolicy[] = ['throw', 'skip'];

export class NonFiniteUpdateError extends Error {
  override readonly name = 'NonFiniteUpdateError';
  constructor(
    readonly optimizer: string,
    readonly step: number,
  ) {
    super(
      `${optimizer}: the update at step ${step} is not finite (NaN or infinity); no weight was changed. ` +
        `Lower the learning rate or noise scale, clip gradients or noise, or pass nonFinite: 'skip' to skip such steps.`,
    );
  }
}

/**
 * Whether every element of every tensor is finite, with one device-to-host
 * read of one value per tensor. A NaN or an infinity anywhere makes its
 * tensor's sum non-finite (∞ − ∞ is NaN), so summing first and checking the
 * sums catches every one, at the cost of one reduction instead of an
 * elementwise test plus a reduction. The check errs only towards caution: a
 * finite tensor whose sum overflows float32 (|sum| > 3.4e38, weights that
 * have long diverged) is reported as non-finite.
 */
export function allFinite(tensors: readonly tf.Tensor[]): boolean {
  if (tensors.length === 0) return true;
  const sums = tf.tidy(() => tf.stack(tensors.map((t) => tf.sum(t))));
  const values = sums.dataSync();
  sums.dispose();
  for (let i = 0; i < values.length; i++) if (!Number.isFinite(values[i]!)) return false;
  return true;
}
