import * as tf from '@tensorflow/tfjs-core';
import { NoiseStream, gaussianSampler, linearSchedule, polynomialDecay } from '@tfjs-noise/core';
import { SGLD } from '@tfjs-noise/optimizers';
import { describe, expect, it } from 'vitest';
import { describeOptimizerContract } from '../../../test/optimizerContract';

/** ε of variable 0 at step t, as SGLD draws it from the stream. */
const eps = (seed: number, t: number, n: number) => gaussianSampler().sample([n], new NoiseStream(seed).seedFor(t, 0), t);

describe('SGLD: w ← w − lr ∇U + √(2 lr T) ε', () => {
  it('on a zero loss moves w by exactly √(2·lr·T)·ε from the stream', () => {
    const n = 300;
    const w = tf.variable(tf.zeros([n]));
    const opt = new SGLD({ learningRate: 0.01, temperature: 0.5, seed: 21 });
    opt.minimize(() => tf.mul(tf.sum(w), 0), false, [w]);
    const e = eps(21, 0, n);
    const expected = tf.tidy(() => tf.add(tf.zeros([n]), tf.mul(e, Math.sqrt(2 * 0.01 * 0.5))));
    expect(Array.from(w.dataSync())).toEqual(Array.from(expected.dataSync()));
    tf.dispose([w, e, expected]);
    opt.dispose();
  });

  it('reads lr and temperature from their schedules at each step', () => {
    // Step 1: lr(1) = 0.5/2^1 = 0.25, T(1) = 0.3 + (0.1 − 0.3)/2 = 0.2; L = ½‖w‖² so ∇U = w.
    const lr = polynomialDecay({ scale: 0.5, power: 1 });
    const temperature = linearSchedule({ initial: 0.3, final: 0.1, steps: 2 });
    const w = tf.variable(tf.ones([50]));
    const opt = new SGLD({ learningRate: lr, temperature, seed: 8 });
    const loss = () => tf.mul(tf.sum(tf.square(w)), 0.5) as tf.Scalar;
    opt.minimize(loss, false, [w]);
    const w1 = Array.from(w.dataSync());
    opt.minimize(loss, false, [w]);
    const e1 = eps(8, 1, 50).dataSync();
    const scale = Math.sqrt(2 * lr.value(1) * temperature.value(1));
    expect(lr.value(1)).toBe(0.25);
    Array.from(w.dataSync()).forEach((x, i) => expect(x).toBeCloseTo(w1[i]! - 0.25 * w1[i]! + scale * e1[i]!, 5));
    tf.dispose(w);
    opt.dispose();
  });

  it('pSGLD preconditions drift and noise by G = 1/(ε + √V) (hand case)', () => {
    // L = w², w = 1: g = 2; β = 0.75: V = 0.25·4 = 1, G = 1/(1 + 1) = 0.5 with ε = 1;
    // drift lr·G·g = 0.1·0.5·2 = 0.1; noise √(2·0.1·0.5·0.5) ε = √0.05 ε with T = 0.5.
    const w = tf.variable(tf.ones([40]));
    const opt = new SGLD({ learningRate: 0.1, temperature: 0.5, preconditioned: true, beta: 0.75, epsilon: 1, seed: 3 });
    opt.minimize(() => tf.sum(tf.square(w)), false, [w]);
    const e = eps(3, 0, 40).dataSync();
    Array.from(w.dataSync()).forEach((x, i) => expect(x).toBeCloseTo(0.9 + Math.sqrt(0.05) * e[i]!, 5));
    tf.dispose(w);
    opt.dispose();
  });

  it('with temperature 0 is plain SGD, bit for bit', () => {
    const run = (opt: tf.Optimizer) => {
      const w = tf.variable(tf.tensor1d([0.5, -1.5, 2]));
      for (let i = 0; i < 10; i++) opt.minimize(() => tf.sum(tf.pow(tf.sub(w, 0.2), 4)), false, [w]);
      const out = Array.from(w.dataSync());
      w.dispose();
      opt.dispose();
      return out;
    };
    expect(run(new SGLD({ learningRate: 0.05, temperature: 0 }))).toEqual(run(tf.train.sgd(0.05)));
  });

  it('rejects bad options naming the parameter, the value and what is allowed', () => {
    expect(() => new SGLD({ temperature: -1 })).toThrow(/SGLD: temperature must be a finite number >= 0; got -1/);
    expect(() => new SGLD({ preconditioned: true, beta: 1 })).toThrow(/SGLD: beta must be a finite number >= 0 and < 1; got 1/);
    expect(() => new SGLD({ epsilon: 0 })).toThrow(/SGLD: epsilon must be a finite number > 0; got 0/);
    expect(() => new SGLD({ preconditioned: 'yes' as never })).toThrow(/SGLD: preconditioned must be true or false; got "yes"/);
  });
});

// SGLD's contract (with its noise-free comparison against tf.train.sgd) is in test/backends/optimizerCases.ts.
describeOptimizerContract('SGLD preconditioned (pSGLD)', SGLD, () =>
  new SGLD({ learningRate: 0.01, temperature: 1e-5, preconditioned: true, seed: 17 }),
);
