import * as tf from '@tensorflow/tfjs-core';
import {
  ALPHA_STABLE_LOG_MAX,
  HALF_PI_BELOW,
  alphaStableSampler,
  gaussianSampler,
  linearSchedule,
  rademacherSampler,
  samplerFromConfig,
  uniformSampler,
  type Sampler,
} from '@tfjs-noise/core';
import { describe, expect, it } from 'vitest';

/**
 * Quantile check: for N i.i.d. draws, #{X <= q_p} ~ Binomial(N, p). Each check
 * allows 6 standard deviations, a false-failure rate below 2e-9 per check
 * (normal approximation), so below 1e-7 for all checks in this file. The seeds
 * are fixed, so a pass is also reproducible.
 */
function expectQuantiles(samples: Float32Array, quantiles: Array<[p: number, q: number]>): void {
  const n = samples.length;
  for (const [p, q] of quantiles) {
    let below = 0;
    for (let i = 0; i < n; i++) if (samples[i]! <= q) below++;
    const tolerance = 6 * Math.sqrt((p * (1 - p)) / n);
    expect(Math.abs(below / n - p), `P(X <= ${q.toFixed(4)}) should be ${p}`).toBeLessThanOrEqual(tolerance);
  }
}

function draw(sampler: Sampler, n: number, seed: number, step = 0): Float32Array {
  const t = sampler.sample([n], seed, step);
  const data = t.dataSync() as Float32Array;
  t.dispose();
  return data;
}

// Standard normal quantiles Φ^-1(p), to 10 digits.
const NORMAL_Q: Array<[number, number]> = [
  [0.01, -2.326347874],
  [0.05, -1.644853627],
  [0.1, -1.2815515655],
  [0.25, -0.6744897502],
  [0.5, 0],
  [0.75, 0.6744897502],
  [0.9, 1.2815515655],
  [0.95, 1.644853627],
  [0.99, 2.326347874],
];

describe('samplers', () => {
  it('are pure functions of (shape, seed, step)', () => {
    for (const s of [gaussianSampler(), rademacherSampler(), uniformSampler(), alphaStableSampler(1.5)]) {
      expect(Array.from(draw(s, 100, 77))).toEqual(Array.from(draw(s, 100, 77)));
      expect(Array.from(draw(s, 100, 77))).not.toEqual(Array.from(draw(s, 100, 78)));
    }
  });

  it('gaussian matches N(0, 1) quantiles', () => {
    expectQuantiles(draw(gaussianSampler(), 200_000, 11), NORMAL_Q);
  });

  it('rademacher is ±1 with probability ½ each', () => {
    const x = draw(rademacherSampler(), 200_000, 12);
    expect(x.every((v) => v === 1 || v === -1)).toBe(true);
    expectQuantiles(x, [[0.5, 0]]);
  });

  it('uniform lies in [-1, 1) with uniform quantiles', () => {
    const x = draw(uniformSampler(), 200_000, 13);
    expect(x.every((v) => v >= -1 && v < 1)).toBe(true);
    expectQuantiles(x, [[0.1, -0.8], [0.25, -0.5], [0.5, 0], [0.9, 0.8]]);
  });

  it('round-trips through configs', () => {
    const s = alphaStableSampler(linearSchedule({ initial: 1.2, final: 2, steps: 100 }));
    const back = samplerFromConfig(JSON.parse(JSON.stringify(s.getConfig())));
    expect(back.getConfig()).toEqual(s.getConfig());
    expect(Array.from(draw(back, 50, 5, 30))).toEqual(Array.from(draw(s, 50, 5, 30)));
  });
});

describe('alpha-stable sampler (Chambers–Mallows–Stuck)', () => {
  it('keeps V strictly inside (-π/2, π/2) in float32', () => {
    expect(HALF_PI_BELOW).toBeLessThan(Math.PI / 2);
    expect(Math.fround(HALF_PI_BELOW)).toBe(HALF_PI_BELOW);
    expect(Math.cos(HALF_PI_BELOW)).toBeGreaterThan(0);
  });

  it('α = 1 matches the Cauchy quantiles tan(π(p − ½))', () => {
    const ps = [0.01, 0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99];
    expectQuantiles(
      draw(alphaStableSampler(1), 200_000, 21),
      ps.map((p) => [p, Math.tan(Math.PI * (p - 0.5))]),
    );
  });

  it('α = 2 with scale c is Gaussian with variance 2c² (not c²)', () => {
    const c = 0.3;
    const x = draw(alphaStableSampler(2), 200_000, 22).map((v) => v * c);
    expectQuantiles(x, NORMAL_Q.map(([p, z]) => [p, z * Math.SQRT2 * c]));
  });

  it('α just below and above 1 stays close to Cauchy (the formula is continuous there)', () => {
    const ps = [0.1, 0.25, 0.75, 0.9];
    // For α = 0.999 the quantiles differ from Cauchy by far less than the test's resolution.
    expectQuantiles(draw(alphaStableSampler(0.999), 100_000, 23), ps.map((p) => [p, Math.tan(Math.PI * (p - 0.5))]));
  });

  it('gives only finite outputs for α from 0.1 to 2 over 1e6 draws each', () => {
    for (const alpha of [0.1, 0.2, 0.3, 0.5, 0.7, 0.9, 1, 1.1, 1.3, 1.5, 1.7, 1.9, 1.99, 2]) {
      const t = alphaStableSampler(alpha).sample([1_000_000], 1000 + Math.round(alpha * 100), 0);
      const nonFinite = tf.sum(tf.cast(tf.logicalNot(tf.isFinite(t)), 'int32')).dataSync()[0];
      expect(nonFinite, `α = ${alpha}`).toBe(0);
      t.dispose();
    }
  });

  it('saturates, rather than overflows, at ±e^88 for very heavy tails', () => {
    const x = draw(alphaStableSampler(0.1), 1_000_000, 31);
    const cap = Math.fround(Math.exp(ALPHA_STABLE_LOG_MAX));
    let max = 0;
    for (const v of x) max = Math.max(max, Math.abs(v));
    expect(max).toBeLessThanOrEqual(cap * 1.0001);
  });

  it('rejects α outside (0, 2], also when a schedule leaves the range later', () => {
    expect(() => alphaStableSampler(0)).toThrow(/alpha must be a finite number > 0 and <= 2; got 0\./);
    expect(() => alphaStableSampler(2.01)).toThrow(/got 2\.01/);
    expect(() => alphaStableSampler(NaN)).toThrow(/got NaN/);
    const s = alphaStableSampler(linearSchedule({ initial: 1, final: 3, steps: 10 }));
    expect(s.sample([3], 1, 5).shape).toEqual([3]); // exactly 2 at step 5: allowed
    expect(() => s.sample([3], 1, 6)).toThrow(/alpha at step 6 must be a finite number > 0 and <= 2; got 2\.2/);
  });

  it('leaks no tensors', () => {
    const before = tf.memory().numTensors;
    for (const alpha of [0.5, 1, 2]) tf.dispose(alphaStableSampler(alpha).sample([10], 3, 0));
    expect(tf.memory().numTensors).toBe(before);
  });
});
