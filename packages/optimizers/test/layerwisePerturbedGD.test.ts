import * as tf from '@tensorflow/tfjs-core';
import { NoiseStream, gaussianSampler } from '@tfjs-noise/core';
import { LayerwisePerturbedGD } from '@tfjs-noise/optimizers';
import { describe, expect, it } from 'vitest';

const initial = [[0.5, -1], [2, 0.25, -0.75], [3]];

/**
 * Three "layers" (tensors of different sizes), a loss that records what it
 * saw. Returns, per step, the values the loss saw and the weights after the step.
 */
function record(opt: LayerwisePerturbedGD, steps: number) {
  const vars = initial.map((v) => tf.variable(tf.tensor1d(v)));
  const seen: number[][][] = [];
  const before: number[][][] = [];
  const after: number[][][] = [];
  for (let t = 0; t < steps; t++) {
    before.push(vars.map((v) => Array.from(v.dataSync())));
    opt.minimize(() => {
      seen.push(vars.map((v) => Array.from(v.dataSync())));
      return tf.mul(tf.addN(vars.map((v) => tf.sum(tf.square(v)))), 0.5) as tf.Scalar;
    }, false, vars);
    after.push(vars.map((v) => Array.from(v.dataSync())));
  }
  const names = vars.map((v) => v.name);
  tf.dispose(vars);
  opt.dispose();
  return { seen, before, after, names };
}

describe('LayerwisePerturbedGD, layer mode', () => {
  it('perturbs exactly one tensor per step, in cyclic order, and restores every weight bit for bit', () => {
    // lr = 0: the weights must come back exactly, so any change is a restore failure.
    const { seen, after } = record(new LayerwisePerturbedGD({ learningRate: 0, noise: 0.1, seed: 1 }), 7);
    for (let t = 0; t < 7; t++) {
      const perturbed = seen[t]!.map((v, k) => v.some((x, j) => x !== initial[k]![j]));
      expect(perturbed, `step ${t}`).toEqual([0, 1, 2].map((k) => k === t % 3));
      expect(after[t]).toEqual(initial);
    }
  });

  it('adds ξ = σ ε from the stream to the chosen tensor', () => {
    const sigma = 0.2;
    const { seen } = record(new LayerwisePerturbedGD({ learningRate: 0, noise: sigma, seed: 2 }), 3);
    const stream = new NoiseStream(2);
    for (let t = 0; t < 3; t++) {
      const eps = gaussianSampler().sample([initial[t]!.length], stream.seedFor(t, t), t).dataSync();
      seen[t]![t]!.forEach((x, j) => expect(x - initial[t]![j]!).toBeCloseTo(sigma * eps[j]!, 6));
    }
  });

  it('updates the unperturbed weights with the perturbed gradient: w − lr(w + ξ) for ½Σw²', () => {
    const lr = 0.1;
    const { seen, before, after } = record(new LayerwisePerturbedGD({ learningRate: lr, noise: 0.3, seed: 3 }), 5);
    for (let t = 0; t < 5; t++) {
      // ∇(½Σw²) at the perturbed point is the perturbed point itself.
      after[t]!.forEach((v, k) => v.forEach((x, j) => expect(x).toBeCloseTo(before[t]![k]![j]! - lr * seen[t]![k]![j]!, 6)));
    }
  });

  it('chooses a seeded random tensor with choice "random"', () => {
    const runA = record(new LayerwisePerturbedGD({ learningRate: 0, noise: 0.1, choice: 'random', seed: 9 }), 30);
    const runB = record(new LayerwisePerturbedGD({ learningRate: 0, noise: 0.1, choice: 'random', seed: 9 }), 30);
    const chosen = (r: typeof runA) => r.seen.map((s) => s.findIndex((v, k) => v.some((x, j) => x !== initial[k]![j])));
    expect(chosen(runA)).toEqual(chosen(runB));
    // Each of 3 tensors over 30 steps: P(one never chosen) ≤ 3·(2/3)^30 ≈ 1.5e-5; seeded, so fixed.
    expect(new Set(chosen(runA))).toEqual(new Set([0, 1, 2]));
    expect(chosen(runA)).not.toEqual(Array.from({ length: 30 }, (_, t) => t % 3));
  });
});

describe('LayerwisePerturbedGD, all mode', () => {
  it('perturbs every tensor with σ/√K ε', () => {
    const sigma = 0.3;
    const { seen } = record(new LayerwisePerturbedGD({ learningRate: 0, noise: sigma, mode: 'all', seed: 4 }), 2);
    const stream = new NoiseStream(4);
    for (let t = 0; t < 2; t++) {
      initial.forEach((v, k) => {
        const eps = gaussianSampler().sample([v.length], stream.seedFor(t, k), t).dataSync();
        v.forEach((x, j) => expect(seen[t]![k]![j]! - x).toBeCloseTo((sigma / Math.sqrt(3)) * eps[j]!, 6));
      });
    }
  });
});

describe('LayerwisePerturbedGD needs the loss and valid options', () => {
  it('rejects a direct applyGradients call', () => {
    const w = tf.variable(tf.tensor1d([1]));
    const opt = new LayerwisePerturbedGD();
    expect(() => opt.applyGradients([{ name: w.name, tensor: tf.ones([1]) }])).toThrow(/LayerwisePerturbedGD\.applyGradients: .*Use minimize\(\)/);
    w.dispose();
  });
  it.each([
    [{ mode: 'block' }, /LayerwisePerturbedGD: mode must be one of "layer", "all"; got "block"/],
    [{ choice: 'greedy' }, /LayerwisePerturbedGD: choice must be one of "cyclic", "random"; got "greedy"/],
    [{ noise: NaN }, /LayerwisePerturbedGD: noise must be a finite number >= 0; got NaN/],
    [{ momentum: -0.5 }, /LayerwisePerturbedGD: momentum must be a finite number >= 0 and < 1; got -0\.5/],
  ])('%j', (options, message) => expect(() => new LayerwisePerturbedGD(options as never)).toThrow(message));
  it('defaults to σ = 0.03, layer mode, cyclic choice', () => {
    expect(new LayerwisePerturbedGD({ seed: 1 }).getConfig()).toMatchObject({ noise: 0.03, mode: 'layer', choice: 'cyclic' });
  });
});
