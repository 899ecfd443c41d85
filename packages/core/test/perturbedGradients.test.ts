import * as tf from '@tensorflow/tfjs-core';
import { gradientsAtPerturbedPoint } from '@tfjs-noise/core';
import { describe, expect, it } from 'vitest';

describe('gradientsAtPerturbedPoint', () => {
  it('takes the gradient at w + δ and restores w bit for bit', () => {
    // Values whose float32 sum with δ is inexact: (w + δ) − δ ≠ w for some of them.
    const w = tf.variable(tf.tensor1d([0.1, 1e-8, 3.3333333, -7.77e5]));
    const b = tf.variable(tf.tensor1d([2]));
    const original = Array.from(w.dataSync());
    const delta = tf.tensor1d([0.7, 0.3, 1e-3, 0.123]);
    let seen: number[] = [];
    // f = Σ w² + b: ∂f/∂w = 2(w + δ) at the perturbed point, ∂f/∂b = 1.
    const { value, grads } = gradientsAtPerturbedPoint(
      () => {
        seen = Array.from(w.dataSync());
        return tf.add(tf.sum(tf.square(w)), tf.sum(b)) as tf.Scalar;
      },
      [w, b],
      [delta, null],
    );
    const expected = original.map((x, i) => Math.fround(x + delta.dataSync()[i]!));
    expect(seen).toEqual(expected);
    Array.from(grads[w.name]!.dataSync()).forEach((g, i) => expect(g).toBeCloseTo(2 * expected[i]!, 0));
    expect(Array.from(grads[b.name]!.dataSync())).toEqual([1]);
    expect(Array.from(w.dataSync())).toEqual(original); // exact, not w + δ − δ
    expect(value.dataSync()[0]).toBeGreaterThan(0);
    tf.dispose([value, ...Object.values(grads), w, b, delta]);
  });

  it('restores the weights even when f throws, and leaks nothing', () => {
    const w = tf.variable(tf.tensor1d([1, 2, 3]));
    const delta = tf.tensor1d([10, 10, 10]);
    const before = tf.memory().numTensors;
    expect(() =>
      gradientsAtPerturbedPoint(
        () => {
          throw new Error('loss failed');
        },
        [w],
        [delta],
      ),
    ).toThrow('loss failed');
    expect(Array.from(w.dataSync())).toEqual([1, 2, 3]);
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([w, delta]);
  });
});
