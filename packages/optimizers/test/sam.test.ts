import * as tf from '@tensorflow/tfjs-core';
import { InvalidOptionError, SharpnessAwarePerturbation, ScheduledValue } from '@tfjs-noise/core';
import { ASAM, SAM, withASAM, withSAM } from '@tfjs-noise/optimizers';
import { describe, expect, it } from 'vitest';

const values = (v: tf.Tensor) => Array.from(v.dataSync());

describe('SAM on a quadratic (closed form)', () => {
  it('takes the gradient at w + ρ g/‖g‖ with the norm global over variables, and updates w', () => {
    // L = ½(2 a² + b²) at a = 1.5, b = 4: g = (3, 4), ‖g‖ = 5, e = 0.5·(0.6, 0.8) = (0.3, 0.4),
    // ∇L(w + e) = (2·1.8, 4.4) = (3.6, 4.4); SGD lr 0.1: (1.5 − 0.36, 4 − 0.44) = (1.14, 3.56).
    const a = tf.variable(tf.scalar(1.5));
    const b = tf.variable(tf.scalar(4));
    const opt = withSAM(tf.train.sgd(0.1), { rho: 0.5 });
    const loss = opt.minimize(() => tf.mul(tf.add(tf.mul(tf.square(a), 2), tf.square(b)), 0.5) as tf.Scalar, true, [a, b])!;
    // The loss reported is the first pass's, at w: ½(2·2.25 + 16).
    expect(loss.dataSync()[0]).toBeCloseTo(10.25, 5);
    expect(a.dataSync()[0]).toBeCloseTo(1.14, 5);
    expect(b.dataSync()[0]).toBeCloseTo(3.56, 5);
    tf.dispose([a, b, loss]);
    opt.dispose();
  });

  it('restores the weights exactly (bit for bit) between the passes', () => {
    const w = tf.variable(tf.randomNormal([50], 0, 1, 'float32', 3));
    const before = values(w);
    const opt = withSAM(tf.train.sgd(0), { rho: 0.3 }); // lr 0: w − 0·g = w, so any drift is a restore error
    for (let i = 0; i < 5; i++) opt.minimize(() => tf.sum(tf.pow(w, 4)), false, [w]);
    expect(values(w)).toEqual(before);
    tf.dispose(w);
    opt.dispose();
  });

  it('with ρ = 0 equals the wrapped optimizer bit for bit', () => {
    const run = (opt: tf.Optimizer) => {
      const w = tf.variable(tf.tensor1d([0.5, -1.5, 2]));
      for (let i = 0; i < 10; i++) opt.minimize(() => tf.sum(tf.pow(tf.sub(w, 0.2), 4)), false, [w]);
      const out = values(w);
      w.dispose();
      opt.dispose();
      return out;
    };
    expect(run(withSAM(tf.train.adam(0.05), { rho: 0 }))).toEqual(run(tf.train.adam(0.05)));
  });

  it('does not divide by zero at a stationary point (the 1e-12 in the norm)', () => {
    const w = tf.variable(tf.zeros([3]));
    const opt = withSAM(tf.train.sgd(0.1));
    opt.minimize(() => tf.sum(tf.square(w)), false, [w]);
    expect(values(w)).toEqual([0, 0, 0]);
    tf.dispose(w);
    opt.dispose();
  });
});

describe('ASAM on a quadratic (closed form)', () => {
  it('scales the ascent by T_w = |w| + η: e = ρ T_w² g / ‖T_w g‖', () => {
    // L = ½(3 w₁² + w₂²) at w = (1, −2), η = 0: T = (1, 2), g = (3, −2), T g = (3, −4), ‖T g‖ = 5,
    // e = 0.5·(1·3, 2·(−4))/5 = (0.3, −0.8); ∇L(w + e) = (3·1.3, −2.8); lr 0.1: (0.61, −1.72).
    const w = tf.variable(tf.tensor1d([1, -2]));
    const c = tf.tensor1d([3, 1]);
    const opt = withASAM(tf.train.sgd(0.1), { rho: 0.5, eta: 0 });
    opt.minimize(() => tf.mul(tf.sum(tf.mul(c, tf.square(w))), 0.5) as tf.Scalar, false, [w]);
    const [w1, w2] = values(w);
    expect(w1).toBeCloseTo(0.61, 5);
    expect(w2).toBeCloseTo(-1.72, 5);
    tf.dispose([w, c]);
    opt.dispose();
  });

  it('matches the formula with η > 0 on random weights (the perturbation alone)', () => {
    const w = tf.variable(tf.randomNormal([20], 0, 1, 'float32', 8));
    const g = tf.randomNormal([20], 0, 1, 'float32', 9);
    const [e] = new SharpnessAwarePerturbation(new ScheduledValue('t', 'rho', 1), 0.01).ascent([g], [w], 0.7);
    const wv = values(w);
    const gv = values(g);
    const t = wv.map((x) => Math.abs(x) + 0.01);
    const norm = Math.sqrt(t.reduce((s, ti, i) => s + (ti * gv[i]!) ** 2, 0));
    values(e!).forEach((x, i) => expect(x).toBeCloseTo((0.7 * t[i]! * t[i]! * gv[i]!) / norm, 5));
    tf.dispose([w, g, e!]);
  });
});

describe('SAM / ASAM options', () => {
  it('reject bad options with InvalidOptionError naming the parameter, value and what is allowed', () => {
    expect(() => new SAM({ optimizer: tf.train.sgd(0.1), rho: -1 })).toThrow(/SAM: rho must be a finite number >= 0; got -1/);
    expect(() => new ASAM({ optimizer: tf.train.sgd(0.1), eta: -0.5 })).toThrow(/ASAM: eta must be a finite number >= 0; got -0.5/);
    expect(() => new SAM({ optimizer: { className: 'Nope', config: {} } })).toThrow(InvalidOptionError);
    expect(() => new SAM(undefined as never)).toThrow(/SAM: optimizer must be a tf\.Optimizer/);
  });

  it('store the wrapped optimizer in the config and rebuild it from there', () => {
    const opt = withASAM(tf.train.momentum(0.1, 0.9), { rho: 1, eta: 0.02, seed: 3 });
    const config = opt.getConfig();
    expect(config).toMatchObject({ rho: 1, eta: 0.02, optimizer: { className: 'Momentum', config: { learningRate: 0.1, momentum: 0.9 } } });
    const copy = ASAM.fromConfig(ASAM, config) as ASAM;
    expect(copy.inner.getClassName()).toBe('Momentum');
    expect(copy.passesPerStep).toBe(2);
    opt.dispose();
    copy.dispose();
  });

  it('cannot perturb precomputed gradients: a direct applyGradients throws', () => {
    const w = tf.variable(tf.ones([2]));
    const opt = withSAM(tf.train.sgd(0.1));
    expect(() => opt.applyGradients({ [w.name]: tf.ones([2]) })).toThrow(/not taken at this optimizer's perturbed weights/);
    tf.dispose(w);
    opt.dispose();
  });
});

