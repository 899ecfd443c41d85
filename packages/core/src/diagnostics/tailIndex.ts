import * as tf from '@tensorflow/tfjs-core';
import { InvalidOptionError, checkNumber } from '../validation';

export type TailIndexOptions = {
  /** Block size m; default the largest divisor of N that is <= √N (Şimşekli et al.). */
  blockSize?: number;
};

export type TailIndexEstimate = {
  /** α̂ = 1 / (1/α)^: 2 for Gaussian-like noise, smaller for heavier tails. Not clamped to (0, 2]. */
  alpha: number;
  /** The estimate of 1/α the estimator computes directly (its error is closer to symmetric). */
  inverseAlpha: number;
  /** N, the number of (non-zero) samples used. */
  samples: number;
  /** m, the block size. */
  blockSize: number;
  /** K = N / m, the number of block sums. */
  blocks: number;
};

/** The largest divisor of n that is at most √n. */
export function largestDivisorBelowSqrt(n: number): number {
  for (let m = Math.floor(Math.sqrt(n)); m >= 1; m--) if (n % m === 0) return m;
  return 1;
}

/** All samples as float64, read asynchronously (as every diagnostic here: webgpu in Node cannot read synchronously). */
async function flatten(samples: ArrayLike<number> | tf.Tensor | readonly tf.Tensor[]): Promise<Float64Array> {
  if (samples instanceof tf.Tensor) return Float64Array.from(await samples.data());
  if (Array.isArray(samples) && samples.every((s) => s instanceof tf.Tensor)) {
    const parts = await Promise.all((samples as tf.Tensor[]).map((t) => t.data()));
    return Float64Array.from(parts.flatMap((p) => Array.from(p)));
  }
  return Float64Array.from(samples as ArrayLike<number>);
}

/**
 * Tail index α of symmetric α-stable-like samples, by the estimator used by
 * Şimşekli, Sagun, Gürbüzbalaban (ICML 2019, arXiv:1901.06053), after
 * Mohammadi, Mohammadpour, Ogata (2015): with N samples split into K blocks of
 * m (N = K·m, m the largest divisor of N that is <= √N by default) and `Y_k`
 * the block sums,
 *
 * `1/α̂ = (mean_k log|Y_k| − mean_i log|X_i|) / log m`.
 *
 * It rests on the stability property (a sum of m i.i.d. α-stable draws is
 * `m^{1/α}` times one draw), so for stable samples `1/α̂` is unbiased. Apply it
 * to gradient *noise*, e.g. the entries of `g_batch − g_full` over many
 * mini-batches. Exact zeros (dead units) are dropped first, since `log 0` is
 * −∞. Reads the samples to the CPU: a diagnostic, not for a training step.
 *
 * @example
 * ```ts
 * const x = alphaStableSampler(1.5).sample([65536], 7, 0);
 * (await tailIndex(x)).alpha; // ≈ 1.5
 * ```
 */
export async function tailIndex(
  samples: ArrayLike<number> | tf.Tensor | readonly tf.Tensor[],
  options: TailIndexOptions = {},
): Promise<TailIndexEstimate> {
  const all = await flatten(samples);
  const x = all.filter((v) => v !== 0);
  for (const v of x) {
    if (!Number.isFinite(v)) throw new InvalidOptionError('tailIndex', 'samples', v, 'finite numbers (a sample is not)');
  }
  const n = x.length;
  if (n < 4) throw new InvalidOptionError('tailIndex', 'samples', `${n} non-zero values`, 'at least 4 non-zero values');
  const m =
    options.blockSize === undefined
      ? largestDivisorBelowSqrt(n)
      : checkNumber('tailIndex', 'blockSize', options.blockSize, { integer: true, min: 2, max: n / 2 });
  if (m < 2) {
    throw new InvalidOptionError('tailIndex', 'samples', `${n} non-zero values`, 'a count with a divisor between 2 and its square root (N is prime); drop a sample or pass blockSize');
  }
  const k = Math.floor(n / m);
  let logX = 0;
  for (let i = 0; i < n; i++) logX += Math.log(Math.abs(x[i]!));
  let logY = 0;
  let used = 0;
  for (let b = 0; b < k; b++) {
    let sum = 0;
    for (let j = 0; j < m; j++) sum += x[b * m + j]!;
    // A block sum of exactly 0 has probability 0 for continuous noise; skipping it keeps the estimate finite.
    if (sum === 0) continue;
    logY += Math.log(Math.abs(sum));
    used++;
  }
  // With a given blockSize that does not divide N, the log-mean of X uses the samples that the blocks use.
  if (k * m !== n) {
    logX = 0;
    for (let i = 0; i < k * m; i++) logX += Math.log(Math.abs(x[i]!));
  }
  const inverseAlpha = (logY / used - logX / (k * m)) / Math.log(m);
  return { alpha: 1 / inverseAlpha, inverseAlpha, samples: k * m, blockSize: m, blocks: k };
}
