import { InvalidOptionError } from '@tfjs-noise/core';
import { SeededRandom } from '@tfjs-noise/examples';

/** Least-squares slope of `log y` on `log x`: the exponent `a` in `y ∝ x^a`. */
export function logLogSlope(x: number[], y: number[]): number {
  if (x.length !== y.length || x.length < 2) throw new InvalidOptionError('logLogSlope', 'x, y', `${x.length} and ${y.length} points`, 'two equal-length lists of at least 2 points');
  const bad = [...x, ...y].find((v) => !(v > 0) || !Number.isFinite(v));
  if (bad !== undefined) throw new InvalidOptionError('logLogSlope', 'x, y', bad, 'finite positive numbers (logarithms are taken)');
  const lx = x.map(Math.log);
  const ly = y.map(Math.log);
  const mx = lx.reduce((a, b) => a + b, 0) / lx.length;
  const my = ly.reduce((a, b) => a + b, 0) / ly.length;
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < lx.length; i++) {
    sxy += (lx[i]! - mx) * (ly[i]! - my);
    sxx += (lx[i]! - mx) ** 2;
  }
  if (sxx === 0) throw new InvalidOptionError('logLogSlope', 'x', x, 'at least two distinct values');
  return sxy / sxx;
}

export type SlopeCI = { slope: number; low: number; high: number; resamples: number };

/**
 * Log-log slope of the mean of `samples[i]` against `x[i]`, with a percentile
 * bootstrap 95% CI: each resample redraws every `samples[i]` with replacement
 * (the samples at one x are i.i.d. estimates of the quantity at that x) and
 * refits the slope. Seeded, so one seed gives one interval.
 */
export function bootstrapLogLogSlope(x: number[], samples: number[][], o: { resamples?: number; seed?: number } = {}): SlopeCI {
  if (samples.length !== x.length) throw new InvalidOptionError('bootstrapLogLogSlope', 'samples', `${samples.length} lists`, `one list per x (${x.length})`);
  const short = samples.find((s) => s.length < 2);
  if (short) throw new InvalidOptionError('bootstrapLogLogSlope', 'samples', `a list of ${short.length}`, 'at least 2 samples per x');
  const resamples = o.resamples ?? 2000;
  if (!Number.isInteger(resamples) || resamples < 100) throw new InvalidOptionError('bootstrapLogLogSlope', 'resamples', resamples, 'an integer ≥ 100');
  const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
  const rng = new SeededRandom(o.seed ?? 0);
  const slopes: number[] = [];
  for (let r = 0; r < resamples; r++) {
    const means = samples.map((s) => {
      let sum = 0;
      for (let k = 0; k < s.length; k++) sum += s[Math.floor(rng.next() * s.length)]!;
      return sum / s.length;
    });
    // A resample whose mean is not positive has no logarithm; it counts as missing.
    if (means.every((m) => m > 0)) slopes.push(logLogSlope(x, means));
  }
  slopes.sort((a, b) => a - b);
  const at = (q: number) => slopes[Math.min(slopes.length - 1, Math.max(0, Math.round(q * (slopes.length - 1))))]!;
  return { slope: logLogSlope(x, samples.map(mean)), low: at(0.025), high: at(0.975), resamples: slopes.length };
}
