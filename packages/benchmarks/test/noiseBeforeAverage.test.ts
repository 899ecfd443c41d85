import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { InvalidOptionError, gaussianSampler } from '@tfjs-noise/core';
import type { Learner } from '@tfjs-noise/core/decentralized';
import { describe, expect, it } from 'vitest';
import { mirroredSampler } from '../src/papers/mirroredSampler';
import { NoiseBeforeAverage, distance } from '../src/papers/noiseBeforeAverage';

/** A learner whose every local step maps each weight w to w/2 + 1 (so results are exact by hand). */
class HalvingLearner implements Learner {
  constructor(
    readonly id: number,
    public weights: Float32Array[],
  ) {}
  async train(steps: number): Promise<number> {
    for (let s = 0; s < steps; s++) this.weights = this.weights.map((w) => w.map((v) => v / 2 + 1));
    return 0;
  }
  async getWeights(): Promise<Float32Array[]> {
    return this.weights.map((w) => Float32Array.from(w));
  }
  async setWeights(weights: Float32Array[]): Promise<void> {
    this.weights = weights.map((w) => Float32Array.from(w));
  }
  dispose(): void {}
}

const start = () => [Float32Array.from([0, 2]), Float32Array.from([4])];

describe('NoiseBeforeAverage (reading B of Adilova et al.: each learner perturbs its own weights before the average)', () => {
  it('σ = 0 is transparent; the probe records ‖Δw‖ of each local phase: [0, 2], [4] → [1, 2], [3] gives √2, then → [1.5, 2], [2.5] gives √0.5', async () => {
    const inner = new HalvingLearner(0, start());
    const l = new NoiseBeforeAverage(inner, { sigma: 0, seed: 1, probe: true });
    await l.train(1);
    expect(Array.from(inner.weights[0]!)).toEqual([1, 2]);
    expect(Array.from(inner.weights[1]!)).toEqual([3]);
    await l.train(1);
    expect(l.updateNorms[0]).toBeCloseTo(Math.SQRT2, 6);
    expect(l.updateNorms[1]).toBeCloseTo(Math.sqrt(0.5), 6);
    expect(distance(start(), [Float32Array.from([3, 2]), Float32Array.from([0])])).toBe(5);
  });

  it('the −1 twin adds exactly the negated draws: the pair averages back to the noiseless weights', async () => {
    const w0 = () => [new Float32Array(5000).fill(0.5), new Float32Array(300).fill(-1)];
    const clean = new HalvingLearner(3, w0());
    const plus = new HalvingLearner(3, w0());
    const minus = new HalvingLearner(3, w0());
    await new NoiseBeforeAverage(clean, { sigma: 0, seed: 9 }).train(2);
    await new NoiseBeforeAverage(plus, { sigma: 0.1, seed: 9, sign: 1 }).train(2);
    await new NoiseBeforeAverage(minus, { sigma: 0.1, seed: 9, sign: -1 }).train(2);
    for (let j = 0; j < 2; j++) {
      for (let k = 0; k < clean.weights[j]!.length; k++) {
        expect(plus.weights[j]![k]! - clean.weights[j]![k]!).toBeCloseTo(clean.weights[j]![k]! - minus.weights[j]![k]!, 6);
      }
    }
  });

  it('the noise is N(0, σ²) per weight: σ = 0.1 over 20,000 weights gives a sample std within 3% (6 standard errors) and a mean within 0.005', async () => {
    const inner = new HalvingLearner(0, [new Float32Array(20000)]);
    await new NoiseBeforeAverage(inner, { sigma: 0.1, seed: 5 }).train(1);
    const e = Array.from(inner.weights[0]!, (v) => v - 1);
    const m = e.reduce((a, b) => a + b, 0) / e.length;
    const sd = Math.sqrt(e.reduce((a, b) => a + (b - m) ** 2, 0) / (e.length - 1));
    expect(Math.abs(m)).toBeLessThan(0.005);
    expect(Math.abs(sd / 0.1 - 1)).toBeLessThan(0.03);
  });

  it('learners and rounds draw different noise; the same seed repeats it', async () => {
    const run = async (id: number, seed: number) => {
      const inner = new HalvingLearner(id, [new Float32Array(4)]);
      const l = new NoiseBeforeAverage(inner, { sigma: 1, seed });
      await l.train(1);
      const first = Array.from(inner.weights[0]!);
      await l.train(1);
      return { first, second: Array.from(inner.weights[0]!) };
    };
    const a = await run(0, 1);
    expect((await run(0, 1)).first).toEqual(a.first);
    expect((await run(1, 1)).first).not.toEqual(a.first);
    expect((await run(0, 2)).first).not.toEqual(a.first);
    expect(a.second.map((v, k) => v - (a.first[k]! / 2 + 1))).not.toEqual(a.first.map((v) => v - 1));
  });

  it('rejects bad options with InvalidOptionError naming the parameter', () => {
    const inner = new HalvingLearner(0, start());
    expect(() => new NoiseBeforeAverage(inner, { sigma: -0.1, seed: 1 })).toThrow(InvalidOptionError);
    expect(() => new NoiseBeforeAverage(inner, { sigma: -0.1, seed: 1 })).toThrow(/sigma/);
    expect(() => new NoiseBeforeAverage(inner, { sigma: 0.1, seed: 1, sign: 2 as 1 })).toThrow(/sign/);
    expect(() => new NoiseBeforeAverage(inner, { sigma: 0.1, seed: 1.5 })).toThrow(/seed/);
  });
});

describe('mirroredSampler', () => {
  it('−1 returns exactly the negated draws of the base sampler, +1 the draws themselves', () => {
    const g = gaussianSampler();
    const base = tf.tidy(() => Array.from(g.sample([64], 17, 3).dataSync()));
    expect(tf.tidy(() => Array.from(mirroredSampler(g, 1).sample([64], 17, 3).dataSync()))).toEqual(base);
    expect(tf.tidy(() => Array.from(mirroredSampler(g, -1).sample([64], 17, 3).dataSync()))).toEqual(base.map((v) => -v));
    expect(mirroredSampler(g, -1).getConfig()).toEqual(g.getConfig());
    expect(() => mirroredSampler(g, 0 as 1)).toThrow(/sign must be 1 or -1; got 0/);
  });
});
