import * as tf from '@tensorflow/tfjs-core';
import { ANTI_PGD_NOISE_SLOT, NoiseStream, gaussianSampler, linearSchedule, rademacherSampler } from '@tfjs-noise/core';
import { AntiPGD } from '@tfjs-noise/optimizers';
import { describe, expect, it } from 'vitest';

/** ξ_t of variable 0 as AntiPGD draws it: σ · s_t, s_t Rademacher from the stream at (t, 0). */
function xi(seed: number, t: number, sigma: number, n: number): Float32Array {
  return tf.tidy(() => tf.mul(rademacherSampler().sample([n], new NoiseStream(seed).seedFor(t, 0), t), sigma).dataSync() as Float32Array);
}

describe('AntiPGD (w-form: w ← w − lr ∇L + ξ_{t+1} − ξ_t)', () => {
  it('telescopes on a zero-gradient loss: after T steps w_T − w_0 = ξ_T − ξ_0 exactly', () => {
    const n = 200;
    const sigma = 0.25; // dyadic, so every sum below is exact in float32
    const w = tf.variable(tf.zeros([n]));
    const opt = new AntiPGD({ learningRate: 0.1, noise: sigma, seed: 11 });
    const T = 7;
    for (let t = 0; t < T; t++) opt.minimize(() => tf.mul(tf.sum(w), 0), false, [w]);
    const x0 = xi(11, 0, sigma, n);
    const xT = xi(11, T, sigma, n);
    const got = w.dataSync();
    for (let i = 0; i < n; i++) expect(got[i]).toBe(xT[i]! - x0[i]!);
    // Anti-correlated, not accumulating: every element is in {−2σ, 0, 2σ} however large T is.
    expect(new Set(got)).toEqual(new Set([-0.5, 0, 0.5]));
    tf.dispose(w);
    opt.dispose();
  });

  it('adds the noise in weight space: not scaled by lr, σ applied once, gradient step separate', () => {
    // L = ½‖w‖², w_0 = 1: w_1 = 1 − lr·1 + ξ_1 − ξ_0 with lr = 1e-3, σ = 0.5.
    const n = 64;
    const w = tf.variable(tf.ones([n]));
    const opt = new AntiPGD({ learningRate: 1e-3, noise: 0.5, seed: 4 });
    opt.minimize(() => tf.mul(tf.sum(tf.square(w)), 0.5) as tf.Scalar, false, [w]);
    const x0 = xi(4, 0, 0.5, n);
    const x1 = xi(4, 1, 0.5, n);
    const got = w.dataSync();
    for (let i = 0; i < n; i++) expect(got[i]).toBeCloseTo(1 - 1e-3 + x1[i]! - x0[i]!, 6);
    tf.dispose(w);
    opt.dispose();
  });

  it('follows the z-form: z = w − ξ (ξ_t from its slot) moves by −lr ∇L(w) only', async () => {
    const w = tf.variable(tf.tensor1d([0.5, -1, 2]));
    const opt = new AntiPGD({ learningRate: 0.1, noise: linearSchedule({ initial: 0.1, final: 0.05, steps: 4 }), sampler: gaussianSampler(), seed: 2 });
    const loss = () => tf.sum(tf.pow(w, 4)) as tf.Scalar;
    for (let t = 0; t < 3; t++) {
      const zBefore = t === 0 ? null : await zOf();
      const g = tf.grad((x: tf.Tensor) => tf.sum(tf.pow(x, 4)))(w).dataSync();
      opt.minimize(loss, false, [w]);
      const zAfter = await zOf();
      if (zBefore) zAfter.forEach((z, i) => expect(z).toBeCloseTo(zBefore[i]! - 0.1 * g[i]!, 5));
    }
    async function zOf(): Promise<number[]> {
      const weights = await opt.getWeights();
      const slot = weights.find((x) => x.name.endsWith(`/${ANTI_PGD_NOISE_SLOT}`))!.tensor.dataSync();
      const out = Array.from(w.dataSync()).map((x, i) => x - slot[i]!);
      tf.dispose(weights.map((x) => x.tensor));
      return out;
    }
    tf.dispose(w);
    opt.dispose();
  });

  it('rejects bad options naming the parameter, the value and what is allowed', () => {
    expect(() => new AntiPGD({ noise: -0.1 })).toThrow(/AntiPGD: noise must be a finite number >= 0; got -0.1/);
    expect(() => new AntiPGD({ learningRate: Number.NaN })).toThrow(/AntiPGD: learningRate must be a finite number >= 0; got NaN/);
    expect(() => new AntiPGD({ sampler: { kind: 'cauchy' } as never })).toThrow(/samplerFromConfig: kind must be one of/);
  });
});

