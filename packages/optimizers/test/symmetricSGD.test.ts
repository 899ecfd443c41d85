import * as tf from '@tensorflow/tfjs-core';
import { SymmetricSGD } from '@tfjs-noise/optimizers';
import { describe, expect, it } from 'vitest';

const w0 = [1, -0.5, 2, 0.25];

/** Runs `steps` minimize calls from w0 and returns the trajectory (values after each step). */
function run(opt: tf.Optimizer, loss: (w: tf.Variable) => tf.Scalar, steps: number, record?: (seen: number[], before: number[]) => void) {
  const w = tf.variable(tf.tensor1d(w0));
  const out: number[][] = [];
  for (let t = 0; t < steps; t++) {
    const before = Array.from(w.dataSync());
    opt.minimize(() => {
      record?.(Array.from(w.dataSync()), before);
      return loss(w);
    }, false, [w]);
    out.push(Array.from(w.dataSync()));
  }
  w.dispose();
  opt.dispose();
  return out;
}

const a = tf.tensor1d([1, 2, 0.5, 3]);
const quadratic = (w: tf.Variable) => tf.mul(tf.sum(tf.mul(a, tf.square(w))), 0.5) as tf.Scalar;
const quartic = (w: tf.Variable) => tf.mul(tf.sum(tf.pow(w, 4)), 0.25) as tf.Scalar;

describe('two-point SymmetricSGD', () => {
  it.each(['absolute', 'relative'] as const)(
    'follows the plain-SGD trajectory exactly on a quadratic (%s scale)',
    (scale) => {
      // ∇L = a ⊙ w is linear, so ½(a(w+n) + a(w−n)) = a ⊙ w: the noise cancels.
      const sym = run(new SymmetricSGD({ learningRate: 0.1, noise: 0.2, scale, seed: 3 }), quadratic, 20);
      const sgd = run(tf.train.sgd(0.1), quadratic, 20);
      sym.flat().forEach((x, i) => expect(Math.abs(x - sgd.flat()[i]!)).toBeLessThanOrEqual(1e-6));
    },
  );

  it('differs from SGD on a quartic by lr·3wn², derived by hand (absolute scale)', () => {
    // L = ¼Σw⁴, ∇L = w³. ½((w+n)³ + (w−n)³) = w³ + 3wn², and n² = m² for Rademacher ±m.
    const lr = 0.05;
    const m = 0.1;
    const sym = run(new SymmetricSGD({ learningRate: lr, noise: m, scale: 'absolute', seed: 4 }), quartic, 10);
    let w = [...w0];
    w.forEach((_x, i) => void i);
    for (let t = 0; t < 10; t++) {
      w = w.map((x) => x - lr * (x ** 3 + 3 * x * m * m));
      sym[t]!.forEach((x, i) => expect(Math.abs(x - w[i]!)).toBeLessThanOrEqual(2e-6));
    }
    // One step, against SGD: the difference is exactly −3·lr·m²·w0.
    const sgd = run(tf.train.sgd(lr), quartic, 1);
    const symOne = run(new SymmetricSGD({ learningRate: lr, noise: m, scale: 'absolute', seed: 4 }), quartic, 1);
    w0.forEach((x, i) => expect(symOne[0]![i]! - sgd[0]![i]!).toBeCloseTo(-3 * lr * m * m * x, 6));
  });

  it('uses m·RMS(w) per tensor with relative scale (quartic, derived by hand)', () => {
    const lr = 0.05;
    const m = 0.3;
    const sym = run(new SymmetricSGD({ learningRate: lr, noise: m, seed: 5 }), quartic, 10);
    let w = [...w0];
    for (let t = 0; t < 10; t++) {
      const meanSquare = w.reduce((s, x) => s + x * x, 0) / w.length;
      w = w.map((x) => x - lr * (x ** 3 + 3 * x * m * m * meanSquare));
      sym[t]!.forEach((x, i) => expect(Math.abs(x - w[i]!)).toBeLessThanOrEqual(2e-6));
    }
  });

  it('evaluates the loss at w + n and w − n with n of fixed magnitude m', () => {
    const seen: Array<{ delta: number[] }> = [];
    run(new SymmetricSGD({ learningRate: 0.1, noise: 0.25, scale: 'absolute', seed: 6 }), quartic, 1, (s, before) =>
      seen.push({ delta: s.map((x, i) => x - before[i]!) }),
    );
    expect(seen).toHaveLength(2);
    seen[0]!.delta.forEach((d, i) => {
      expect(Math.abs(Math.abs(d) - 0.25)).toBeLessThan(1e-6);
      expect(seen[1]!.delta[i]!).toBeCloseTo(-d, 6);
    });
  });
});

describe('alternating SymmetricSGD', () => {
  it('uses the same n with opposite signs on consecutive steps, one pass each', () => {
    const deltas: number[][] = [];
    const opt = new SymmetricSGD({ learningRate: 0.1, noise: 0.3, mode: 'alternating', seed: 8 });
    expect(opt.passesPerStep).toBe(1);
    // Relative scale: the magnitude is m·RMS(w) at the pair's first step, kept for its second.
    run(opt, quartic, 4, (s, before) => deltas.push(s.map((x, i) => x - before[i]!)));
    expect(deltas).toHaveLength(4);
    const rms0 = Math.sqrt(w0.reduce((s, x) => s + x * x, 0) / w0.length);
    deltas[0]!.forEach((d, i) => {
      expect(Math.abs(Math.abs(d) - 0.3 * rms0)).toBeLessThan(1e-5);
      expect(deltas[1]![i]!).toBeCloseTo(-d, 5);
    });
    deltas[2]!.forEach((d, i) => expect(deltas[3]![i]!).toBeCloseTo(-d, 5));
    // A new pair draws new signs.
    expect(deltas[2]!.map(Math.sign)).not.toEqual(deltas[0]!.map(Math.sign));
  });
});

describe('one-sided SymmetricSGD (the asymmetric baseline)', () => {
  it('differs from SGD on a quadratic by lr·a⊙n, with |n| = m', () => {
    // ∇L(w + n) = a ⊙ (w + n): one step from w0 moves by −lr·a⊙(w0 + n).
    const lr = 0.1;
    const m = 0.05;
    const sym = run(new SymmetricSGD({ learningRate: lr, noise: m, scale: 'absolute', mode: 'one-sided', seed: 9 }), quadratic, 1);
    const sgd = run(tf.train.sgd(lr), quadratic, 1);
    const ai = [1, 2, 0.5, 3];
    sym[0]!.forEach((x, i) => expect(Math.abs(Math.abs(x - sgd[0]![i]!) - lr * ai[i]! * m)).toBeLessThan(1e-6));
  });
});

describe('SymmetricSGD needs the loss', () => {
  it('rejects a direct applyGradients call with a clear error', () => {
    const w = tf.variable(tf.tensor1d([1, 2]));
    const opt = new SymmetricSGD();
    expect(() => opt.applyGradients({ [w.name]: tf.ones([2]) })).toThrow(
      /SymmetricSGD\.applyGradients: these gradients were not taken at this optimizer's perturbed weights\. Use minimize\(\), model\.fit\(\), or computeGradients\(\) followed by applyGradients\(\)/,
    );
    // computeGradients then applyGradients is allowed.
    const { value, grads } = opt.computeGradients(() => tf.sum(tf.square(w)) as tf.Scalar, [w]);
    opt.applyGradients(grads);
    tf.dispose([value, ...Object.values(grads), w]);
    opt.dispose();
  });

  it('reports two passes per step in two-point mode', () => expect(new SymmetricSGD().passesPerStep).toBe(2));
});

describe('SymmetricSGD rejects invalid options at construction', () => {
  it.each([
    [{ mode: 'three-point' }, /SymmetricSGD: mode must be one of "two-point", "alternating", "one-sided"; got "three-point"/],
    [{ scale: 'log' }, /SymmetricSGD: scale must be one of "relative", "absolute"; got "log"/],
    [{ noise: -0.1 }, /SymmetricSGD: noise must be a finite number >= 0; got -0\.1/],
    [{ learningRate: Infinity }, /SymmetricSGD: learningRate must be a finite number >= 0; got Infinity/],
    [{ weightDecay: -1 }, /SymmetricSGD: weightDecay must be a finite number >= 0; got -1/],
  ])('%j', (options, message) => expect(() => new SymmetricSGD(options as never)).toThrow(message));
});
