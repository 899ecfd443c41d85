import * as tf from '@tensorflow/tfjs-core';
import { InvalidOptionError, NoiseStream, NonFiniteUpdateError, annealedVarianceSchedule, gaussianSampler } from '@tfjs-noise/core';
import { NoisyGradientSGD } from '@tfjs-noise/optimizers';
import { describe, expect, it } from 'vitest';

/** Runs `steps` minimize calls of a fixed quartic-ish loss on a fresh variable and returns its values. */
function trajectory(opt: tf.Optimizer, steps: number): Float32Array {
  const w = tf.variable(tf.tensor1d([1.5, -0.7, 0.3, 2.0]));
  const target = tf.tensor1d([0.1, 0.2, -0.3, 0.4]);
  for (let i = 0; i < steps; i++) {
    opt.minimize(() => tf.sum(tf.mul(tf.square(tf.sub(w, target)), tf.add(1, tf.square(w)))), false, [w]);
  }
  const out = w.dataSync() as Float32Array;
  w.dispose();
  target.dispose();
  opt.dispose();
  return out;
}

function expectClose(a: Float32Array, b: Float32Array, tol: number): void {
  expect(a.length).toBe(b.length);
  a.forEach((x, i) => expect(Math.abs(x - b[i]!)).toBeLessThanOrEqual(tol));
}

describe('NoisyGradientSGD with zero noise equals the tfjs optimizer', () => {
  it('matches tf.train.sgd over 20 steps', () => {
    expectClose(trajectory(new NoisyGradientSGD({ learningRate: 0.05, noise: 0 }), 20), trajectory(tf.train.sgd(0.05), 20), 1e-6);
  });
  it('matches tf.train.momentum over 20 steps', () => {
    expectClose(
      trajectory(new NoisyGradientSGD({ learningRate: 0.05, noise: 0, momentum: 0.9 }), 20),
      trajectory(tf.train.momentum(0.05, 0.9), 20),
      1e-6,
    );
  });
  it('matches tf.train.momentum with Nesterov over 20 steps', () => {
    expectClose(
      trajectory(new NoisyGradientSGD({ learningRate: 0.05, noise: 0, momentum: 0.8, nesterov: true }), 20),
      trajectory(tf.train.momentum(0.05, 0.8, true), 20),
      1e-6,
    );
  });
});

describe('NoisyGradientSGD injects the scheduled noise', () => {
  // With a loss whose gradient is exactly 0 and lr = 1, each step moves the
  // weights by exactly -σ_t ε_t, so the noise can be read back and compared
  // with the unit draw of the same stream (no statistics needed), and the unit
  // draws themselves checked for unit variance.
  const seed = 1234;
  const shape = [200, 250]; // 50,000 elements
  const schedule = annealedVarianceSchedule({ eta: 0.3, gamma: 0.55 });

  it('adds exactly σ_t times the stream draw at steps 0..5, with σ_t = sqrt(η / (1+t)^γ)', () => {
    const w = tf.variable(tf.zeros(shape));
    const opt = new NoisyGradientSGD({ learningRate: 1, noise: schedule, seed });
    const stream = new NoiseStream(seed);
    for (let t = 0; t < 6; t++) {
      const before = w.clone();
      opt.minimize(() => tf.mul(tf.sum(w), 0), false, [w]);
      const moved = tf.sub(before, w); // = σ_t ε_t
      const draw = gaussianSampler().sample(shape, stream.seedFor(t, 0), t);
      const sigma = Math.sqrt(0.3 / Math.pow(1 + t, 0.55));
      expect(schedule.value(t)).toBeCloseTo(sigma, 12);
      const maxErr = tf.max(tf.abs(tf.sub(moved, tf.mul(draw, sigma)))).dataSync()[0]!;
      // float32 rounding of w + σε − w: relative error ~1e-7 of |σε| ≤ ~5σ.
      expect(maxErr).toBeLessThan(1e-5);
      // The unit draw has std 1: sample std of N = 50,000 normals has standard
      // error 1/sqrt(2N) = 0.0032; |s - 1| < 0.02 (> 6 SE) fails with probability < 2e-9.
      const s = Math.sqrt(tf.moments(draw).variance.dataSync()[0]!);
      expect(Math.abs(s - 1)).toBeLessThan(0.02);
      // And the moved amount's std is σ_t to the same relative precision.
      const sMoved = Math.sqrt(tf.moments(moved).variance.dataSync()[0]!);
      expect(Math.abs(sMoved / sigma - 1)).toBeLessThan(0.02);
      tf.dispose([before, moved, draw]);
    }
    w.dispose();
    opt.dispose();
  });

  it('draws independent noise for different variables and steps', () => {
    const stream = new NoiseStream(seed);
    const a = gaussianSampler().sample([1000], stream.seedFor(0, 0), 0).dataSync();
    const b = gaussianSampler().sample([1000], stream.seedFor(0, 1), 0).dataSync();
    const c = gaussianSampler().sample([1000], stream.seedFor(1, 0), 0).dataSync();
    // Correlation of independent N(0,1) samples of size 1000 has SE 0.032; 0.2 is > 6 SE.
    const corr = (x: ArrayLike<number>, y: ArrayLike<number>) => {
      let s = 0;
      for (let i = 0; i < x.length; i++) s += x[i]! * y[i]!;
      return s / x.length;
    };
    expect(Math.abs(corr(a, b))).toBeLessThan(0.2);
    expect(Math.abs(corr(a, c))).toBeLessThan(0.2);
  });

  it('adds noise after clipping: a clipped zero gradient still receives the full noise', () => {
    const w = tf.variable(tf.zeros([1000]));
    const opt = new NoisyGradientSGD({ learningRate: 1, noise: 0.5, clipNorm: 1e-3, seed: 5 });
    opt.minimize(() => tf.mul(tf.sum(w), 0), false, [w]);
    const draw = gaussianSampler().sample([1000], new NoiseStream(5).seedFor(0, 0), 0);
    const maxErr = tf.max(tf.abs(tf.add(w, tf.mul(draw, 0.5)))).dataSync()[0]!;
    expect(maxErr).toBeLessThan(1e-6);
    tf.dispose([w, draw]);
    opt.dispose();
  });

  it('clips the gradient to the global norm before the update', () => {
    // g = (3, 4) has norm 5; clip 1 gives (0.6, 0.8); lr 1, no noise.
    const w = tf.variable(tf.tensor1d([0, 0]));
    const opt = new NoisyGradientSGD({ learningRate: 1, noise: 0, clipNorm: 1 });
    opt.minimize(() => tf.sum(tf.mul(w, tf.tensor1d([3, 4]))), false, [w]);
    const [a, b] = Array.from(w.dataSync());
    expect(a).toBeCloseTo(-0.6, 6);
    expect(b).toBeCloseTo(-0.8, 6);
    w.dispose();
    opt.dispose();
  });
});

describe('NoisyGradientSGD never writes a non-finite update silently', () => {
  const infLoss = (w: tf.Variable) => () => tf.sum(tf.mul(w, tf.tensor1d([Infinity, 1]))) as tf.Scalar;

  it("throws with 'throw' and leaves the weights and slots unchanged", () => {
    const w = tf.variable(tf.tensor1d([1, 2]));
    const opt = new NoisyGradientSGD({ learningRate: 0.1, noise: 0, momentum: 0.9, nonFinite: 'throw' });
    expect(() => opt.minimize(infLoss(w), false, [w])).toThrow(NonFiniteUpdateError);
    expect(Array.from(w.dataSync())).toEqual([1, 2]);
    w.dispose();
    opt.dispose();
  });

  it("skips and counts with 'skip'", async () => {
    const w = tf.variable(tf.tensor1d([1, 2]));
    const opt = new NoisyGradientSGD({ learningRate: 0.1, noise: 0, nonFinite: 'skip' });
    opt.minimize(infLoss(w), false, [w]);
    opt.minimize(() => tf.sum(w), false, [w]);
    expect(opt.skippedSteps).toBe(1);
    expect(opt.iterations).toBe(2);
    expect(Array.from(w.dataSync()).map((x) => +x.toFixed(6))).toEqual([0.9, 1.9]);
    // The count is state: it survives getWeights/setWeights.
    const restored = new NoisyGradientSGD(opt.getConfig() as never);
    const weights = await opt.getWeights();
    await restored.setWeights(weights);
    expect(restored.skippedSteps).toBe(1);
    tf.dispose(weights.map((x) => x.tensor));
    w.dispose();
    opt.dispose();
    restored.dispose();
  });
});

describe('NoisyGradientSGD rejects invalid hyperparameters at construction', () => {
  const cases: Array<[string, object, RegExp]> = [
    ['negative learning rate', { learningRate: -0.1 }, /learningRate must be a finite number >= 0; got -0\.1/],
    ['NaN learning rate', { learningRate: NaN }, /learningRate must be a finite number >= 0; got NaN/],
    ['momentum 1', { momentum: 1 }, /momentum must be a finite number >= 0 and < 1; got 1/],
    ['nesterov without momentum', { nesterov: true }, /nesterov must be false when momentum is 0/],
    ['negative noise', { noise: -1 }, /noise must be a finite number >= 0; got -1/],
    ['gamma < 0', { noise: { kind: 'annealed-variance', eta: 0.01, gamma: -0.5 } }, /gamma must be a finite number >= 0; got -0\.5/],
    ['unknown schedule kind', { noise: { kind: 'sawtooth' } }, /kind must be one of "constant", .*; got "sawtooth"/],
    ['zero clip norm', { clipNorm: 0 }, /clipNorm must be a finite number > 0; got 0/],
    ['fractional seed', { seed: 1.5 }, /seed must be an integer/],
    ['unknown nonFinite policy', { nonFinite: 'ignore' }, /nonFinite must be one of "throw", "skip"; got "ignore"/],
    ['unknown sampler', { sampler: { kind: 'laplace' } }, /kind must be one of "gaussian", .*; got "laplace"/],
  ];
  it.each(cases)('%s', (_label, options, message) => {
    expect(() => new NoisyGradientSGD(options as never)).toThrow(message);
  });
  it('throws InvalidOptionError carrying the parameter and value', () => {
    try {
      new NoisyGradientSGD({ learningRate: -2 });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(InvalidOptionError);
      expect((e as InvalidOptionError).parameter).toBe('learningRate');
      expect((e as InvalidOptionError).value).toBe(-2);
    }
  });
});

