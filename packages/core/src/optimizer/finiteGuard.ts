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

/** One device-to-host read for the whole step, however many tensors. */
export function allFinite(tensors: readonly tf.Tensor[]): boolean {
  if (tensors.length === 0) return true;
  const flag = tf.tidy(() =>
    tensors.map((t) => tf.all(tf.isFinite(t))).reduce((a, b) => tf.logicalAnd(a, b)),
  );
  const ok = flag.dataSync()[0] === 1;
  flag.dispose();
  return ok;
}
