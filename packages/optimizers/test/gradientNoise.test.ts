import * as tf from '@tensorflow/tfjs-core';
import { NoiseStream, gaussianSampler } from '@tfjs-noise/core';
import { GradientNoise, withGradientNoise } from '@tfjs-noise/optimizers';
import { describe, expect, it } from 'vitest';

function trajectory(opt: tf.Optimizer, steps: number): Float32Array {
  const w = tf.variable(tf.tensor2d([[1.5, -0.7], [0.3, 2.0]]));
  const b = tf.variable(tf.tensor1d([0.5, -0.5]));
  for (let i = 0; i < steps; i++) {
    opt.minimize(() => tf.add(tf.sum(tf.square(tf.sub(w, 0.25))), tf.sum(tf.pow(b, 4))), false, [w, b]);
  }
  const out = new Float32Array([...w.dataSync(), ...b.dataSync()]);
  tf.dispose([w, b]);
  opt.dispose();
  return out;
}

describe('GradientNoise with zero noise equals the wrapped optimizer', () => {
  it.each([
    ['adam', () => tf.train.adam(0.05)],
    ['rmsprop', () => tf.train.rmsprop(0.01, 0.9, 0.5)],
    ['adagrad', () => tf.train.adagrad(0.1)],
  ])('%s over 20 steps to within 1e-6', (_name, make) => {
    const noisy = trajectory(withGradientNoise(make(), { noise: 0 }), 20);
    const plain = trajectory(make(), 20);
    noisy.forEach((x, i) => expect(Math.abs(x - plain[i]!)).toBeLessThanOrEqual(1e-6));
  });
});

describe('GradientNoise hands noisy gradients to the wrapped optimizer', () => {
  it('feeds SGD(lr) the gradient plus σ ε from the stream, before the learning rate', () => {
    const w = tf.variable(tf.zeros([500]));
    const opt = withGradientNoise(tf.train.sgd(0.5), { noise: 0.2, seed: 9 });
    opt.minimize(() => tf.mul(tf.sum(w), 0), false, [w]);
    const draw = gaussianSampler().sample([500], new NoiseStream(9).seedFor(0, 0), 0);
    // w = 0 − lr · (0 + σ ε): the noise is scaled by the learning rate, as the noise enters the gradient.
    const err = tf.max(tf.abs(tf.add(w, tf.mul(draw, 0.5 * 0.2)))).dataSync()[0]!;
    expect(err).toBeLessThan(1e-6);
    tf.dispose([w, draw]);
    opt.dispose();
  });

  it('keeps the wrapped optimizer state and config through a round trip', async () => {
    const opt = withGradientNoise(tf.train.adam(0.01, 0.8, 0.95), { seed: 4 });
    const w = tf.variable(tf.ones([3]));
    opt.minimize(() => tf.sum(tf.square(w)), false, [w]);
    const config = opt.getConfig() as { optimizer: { className: string; config: Record<string, number> } };
    expect(config.optimizer.className).toBe('Adam');
    expect(config.optimizer.config['beta1']).toBe(0.8);
    const weights = await opt.getWeights();
    // The wrapped optimizer's weights follow ours under an inner/ prefix: no name collides.
    const names = weights.map((x) => x.name);
    expect(new Set(names).size).toBe(names.length);
    expect(names.filter((n) => n.startsWith('inner/'))).toEqual(['inner/iter', `inner/${w.name}/m`, `inner/${w.name}/v`]);
    tf.dispose(weights.map((x) => x.tensor));
    tf.dispose(w);
    opt.dispose();
  });

  it('rejects something that is not an optimizer', () => {
    expect(() => new GradientNoise({ optimizer: { className: 'NoSuchOptimizer', config: {} } })).toThrow(
      /GradientNoise: optimizer\.className must be the className of a registered optimizer class .*; got "NoSuchOptimizer"/,
    );
  });
});

