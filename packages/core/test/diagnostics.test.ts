import * as tf from '@tensorflow/tfjs-core';
import { gaussianSampler, gradientVariance, hessianTrace, sharpness } from '@tfjs-noise/core';
import { describe, expect, it } from 'vitest';

describe('hessianTrace (Hutchinson, central differences)', async () => {
  it('is exact for a diagonal quadratic: every sample equals the trace', async () => {
    const a = tf.variable(tf.tensor1d([0.3, -1.2, 2]));
    const b = tf.variable(tf.tensor2d([[1, 2], [3, 4]]));
    const ca = tf.tensor1d([1, 2, 3]);
    // L = ½ Σ cᵢ aᵢ² + ½·0.5 Σ b² → Tr H = 1 + 2 + 3 + 4·0.5 = 8
    const f = () => tf.add(tf.mul(tf.sum(tf.mul(ca, tf.square(a))), 0.5), tf.mul(tf.sum(tf.square(b)), 0.25)) as tf.Scalar;
    const before = [...a.dataSync(), ...b.dataSync()];
    const est = await hessianTrace(f, [a, b], { samples: 5, seed: 1 });
    est.samples.forEach((s) => expect(s).toBeCloseTo(8, 2));
    expect(est.std).toBeLessThan(1e-2);
    expect([...a.dataSync(), ...b.dataSync()]).toEqual(before); // restored exactly
    tf.dispose([a, b, ca]);
  });

  it('is unbiased for a coupled quadratic (stated bound)', async () => {
    // A = [[2, 1], [1, 3]]: vᵀAv = 5 + 2v₁v₂ = 5 ± 2, so 400 samples have SE 0.1;
    // |mean − 5| < 0.6 (6 SE) fails with probability < 2e-9.
    const w = tf.variable(tf.tensor1d([0.5, -0.25]));
    const A = tf.tensor2d([[2, 1], [1, 3]]);
    const f = () => tf.mul(tf.sum(tf.mul(w, tf.squeeze(tf.matMul(A, tf.reshape(w, [2, 1]))))), 0.5) as tf.Scalar;
    const est = await hessianTrace(f, [w], { samples: 400, seed: 2 });
    expect(Math.abs(est.mean - 5)).toBeLessThan(0.6);
    est.samples.forEach((s) => expect(Math.min(Math.abs(s - 3), Math.abs(s - 7))).toBeLessThan(1e-2));
    tf.dispose([w, A]);
  });

  it('leaks nothing', async () => {
    const w = tf.variable(tf.ones([4]));
    const f = () => tf.sum(tf.pow(w, 3)) as tf.Scalar;
    await hessianTrace(f, [w], { samples: 2 });
    const n = tf.memory().numTensors;
    await hessianTrace(f, [w], { samples: 3 });
    expect(tf.memory().numTensors).toBe(n);
    w.dispose();
  });
});

describe('sharpness (antithetic random perturbations of fixed norm)', async () => {
  it('is radius²/2 per direction for L = ½‖w‖², wherever w is', async () => {
    const w = tf.variable(tf.tensor1d([1, -2, 0.5, 3]));
    const v = tf.variable(tf.tensor2d([[0.1, 0.2]]));
    const f = () => tf.mul(tf.add(tf.sum(tf.square(w)), tf.sum(tf.square(v))), 0.5) as tf.Scalar;
    const est = await sharpness(f, [w, v], { radius: 0.2, directions: 6, seed: 3 });
    est.samples.forEach((s) => expect(s).toBeCloseTo(0.02, 5));
    expect(Array.from(w.dataSync())).toEqual([1, -2, 0.5, 3]);
    tf.dispose([w, v]);
  });

  it('is ½ dᵀHd for a quadratic: larger for sharper losses', async () => {
    const w = tf.variable(tf.zeros([50]));
    const flat = (await sharpness(() => tf.sum(tf.square(w)) as tf.Scalar, [w], { radius: 0.1, seed: 4 })).mean;
    const sharp = (await sharpness(() => tf.mul(tf.sum(tf.square(w)), 10) as tf.Scalar, [w], { radius: 0.1, seed: 4 })).mean;
    expect(flat).toBeCloseTo(0.01, 5);
    expect(sharp).toBeCloseTo(0.1, 4);
    w.dispose();
  });

  it('rejects a negative radius', async () => {
    await expect(sharpness(() => tf.scalar(0), [], { radius: -1 })).rejects.toThrow(/sharpness: radius must be a finite number >= 0; got -1/);
  });
});

describe('gradientVariance', async () => {
  it('recovers σ²·n for gradients w + σε (stated bound)', async () => {
    // 1000 elements, 100 draws: the estimate of 1000σ² has relative SE ≈ sqrt(2/(1000·99)) ≈ 0.0045; 5% > 10 SE.
    const sigma = 0.3;
    const est = await gradientVariance((k) => [tf.tidy(() => tf.add(1, tf.mul(gaussianSampler().sample([1000], 100 + k), sigma)))], 100);
    expect(Math.abs(est.variance / (1000 * sigma * sigma) - 1)).toBeLessThan(0.05);
  });

  it('is 0 for a deterministic gradient', async () => {
    expect((await gradientVariance(() => [tf.ones([3])], 4)).variance).toBe(0);
  });
});
