import * as tf from '@tensorflow/tfjs-core';
import { NoiseStream, alphaStableSampler, linearSchedule } from '@tfjs-noise/core';
import { AlphaStableNoiseSGD } from '@tfjs-noise/optimizers';
import { describe, expect, it } from 'vitest';

/**
 * Steps with a zero gradient and lr 1 from w = 0: each returns the injected
 * noise exactly (w = 0 − 1·(0 + noise)), with no rounding from earlier steps.
 */
function injected(opt: AlphaStableNoiseSGD, n: number, steps = 1): Float32Array[] {
  const w = tf.variable(tf.zeros([n]));
  const out: Float32Array[] = [];
  for (let t = 0; t < steps; t++) {
    const zeros = tf.zeros([n]);
    w.assign(zeros);
    zeros.dispose();
    opt.minimize(() => tf.mul(tf.sum(w), 0) as tf.Scalar, false, [w]);
    const d = tf.neg(w);
    out.push(d.dataSync() as Float32Array);
    d.dispose();
  }
  w.dispose();
  opt.dispose();
  return out;
}

describe('AlphaStableNoiseSGD', () => {
  it('with α = 2 and scale c injects Gaussian noise of variance 2c²', () => {
    const c = 0.05;
    const x = injected(new AlphaStableNoiseSGD({ learningRate: 1, alpha: 2, noise: c, noiseClip: null, seed: 1 }), 200_000)[0]!;
    // Binomial bound on quantile counts, 6 SD per check: false-failure rate < 2e-9 per check.
    const sd = Math.SQRT2 * c;
    for (const [p, z] of [[0.05, -1.644853627], [0.25, -0.6744897502], [0.5, 0], [0.75, 0.6744897502], [0.95, 1.644853627]] as const) {
      let below = 0;
      for (const v of x) if (v <= z * sd) below++;
      expect(Math.abs(below / x.length - p)).toBeLessThanOrEqual(6 * Math.sqrt((p * (1 - p)) / x.length));
    }
  });

  it('injects exactly c_t times the stream draw at α(t) when α follows a schedule', () => {
    const alpha = linearSchedule({ initial: 1.2, final: 1.8, steps: 3 });
    const opt = new AlphaStableNoiseSGD({ learningRate: 1, alpha, noise: 0.1, noiseClip: null, seed: 2 });
    const noises = injected(opt, 1000, 3);
    const stream = new NoiseStream(2);
    for (let t = 0; t < 3; t++) {
      const draw = alphaStableSampler(alpha).sample([1000], stream.seedFor(t, 0), t).dataSync();
      noises[t]!.forEach((v, i) => expect(Math.abs(v - 0.1 * draw[i]!)).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(v))));
    }
  });

  it('bounds every noise element by noiseClip · c', () => {
    const c = 0.1;
    const x = injected(new AlphaStableNoiseSGD({ learningRate: 1, alpha: 0.5, noise: c, noiseClip: 3, seed: 3 }), 100_000)[0]!;
    let max = 0;
    let atBound = 0;
    for (const v of x) {
      max = Math.max(max, Math.abs(v));
      if (Math.abs(Math.abs(v) - 0.3) < 1e-6) atBound++;
    }
    expect(max).toBeLessThanOrEqual(0.3 + 1e-6);
    // α = 0.5 is heavy-tailed: P(|X| > 3) is about 0.3, so many draws sit at the bound.
    expect(atBound).toBeGreaterThan(10_000);
  });

  it('with α = 0.3 over 10,000 steps never writes a NaN or infinite weight', () => {
    const w = tf.variable(tf.fill([16], 0.5));
    const opt = new AlphaStableNoiseSGD({ learningRate: 0.01, alpha: 0.3, noise: 0.1, seed: 4 });
    const target = tf.linspace(-1, 1, 16);
    let bad = 0;
    for (let t = 0; t < 10_000; t++) {
      opt.minimize(() => tf.sum(tf.square(tf.sub(w, target))) as tf.Scalar, false, [w]);
      if (!w.dataSync().every(Number.isFinite)) bad++;
    }
    expect(bad).toBe(0);
    expect(opt.skippedSteps).toBe(0);
    tf.dispose([w, target]);
    opt.dispose();
  });

  it('defaults: α 1.5, scale 0.01, noise clipped at 10 units', () => {
    expect(new AlphaStableNoiseSGD({ seed: 1 }).getConfig()).toMatchObject({ alpha: 1.5, noise: 0.01, noiseClip: 10, nonFinite: 'skip' });
  });

  it.each([
    [{ alpha: 0 }, /AlphaStableNoiseSGD: |alpha-stable sampler: alpha must be a finite number > 0 and <= 2; got 0\./],
    [{ alpha: 2.5 }, /alpha must be a finite number > 0 and <= 2; got 2\.5/],
    [{ noiseClip: 0 }, /AlphaStableNoiseSGD: noiseClip must be a finite number > 0; got 0/],
    [{ noise: -1 }, /AlphaStableNoiseSGD: noise must be a finite number >= 0; got -1/],
  ])('rejects %j', (options, message) => expect(() => new AlphaStableNoiseSGD(options as never)).toThrow(message));
});

