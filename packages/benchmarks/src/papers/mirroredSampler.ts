import * as tf from '@tensorflow/tfjs-core';
import type { Sampler } from '@tfjs-noise/core';

/**
 * `base` with every draw multiplied by `sign`: with −1 it returns exactly the
 * negation of what `base` returns for the same (shape, seed, step), so a run
 * with `mirroredSampler(g, -1)` is the antithetic twin of a run with `g` (their
 * noise sums to zero draw by draw). Used to estimate an expectation over the
 * noise with the linear part cancelled exactly.
 */
export function mirroredSampler(base: Sampler, sign: 1 | -1): Sampler {
  if (sign !== 1 && sign !== -1) throw new RangeError(`mirroredSampler: sign must be 1 or -1; got ${String(sign)}.`);
  return {
    kind: base.kind,
    sample: (shape, seed, step, version) => (sign === 1 ? base.sample(shape, seed, step, version) : tf.tidy(() => tf.neg(base.sample(shape, seed, step, version)))),
    getConfig: () => base.getConfig(),
  };
}
