// PLACEHOLDER until test/backends/contract.test.ts lands on main: delete before the final merge.
import * as tf from '@tensorflow/tfjs-core';
import { NoisyGradientSGD } from '@tfjs-noise/optimizers';
import { describe, expect, it } from 'vitest';

describe('placeholder lane check', () => {
  it('noise 0 equals tf.train.sgd for 5 steps', () => {
    const run = (opt: tf.Optimizer) => {
      const w = tf.variable(tf.tensor1d([1, -2, 3]));
      for (let i = 0; i < 5; i++) opt.minimize(() => tf.sum(tf.square(tf.sub(w, tf.scalar(0.5)))), false, [w]);
      const out = Array.from(w.dataSync());
      w.dispose();
      opt.dispose();
      return out;
    };
    const a = run(new NoisyGradientSGD({ learningRate: 0.1, noise: 0, seed: 1 }));
    const b = run(tf.train.sgd(0.1));
    for (let i = 0; i < 3; i++) expect(a[i]).toBeCloseTo(b[i]!, 5);
  });
  it('fails on purpose when FAIL_PLACEHOLDER is set', () => {
    expect(process.env['FAIL_PLACEHOLDER']).toBeUndefined();
  });
});
