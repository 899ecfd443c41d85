import * as tf from '@tensorflow/tfjs-core';
import { allFinite, finiteFlag, normalArray, signArray, uniformArray } from '@tfjs-noise/core';
import { describe, expect, it } from 'vitest';

describe('allFinite', () => {
  it('finds a single NaN or infinity among many finite values, in any tensor', () => {
    const big = new Float32Array(100_000).fill(1);
    const ok = tf.tensor(big);
    const withNaN = tf.tensor(Float32Array.from(big, (v, i) => (i === 77_777 ? NaN : v)));
    const withInf = tf.tensor(Float32Array.from(big, (v, i) => (i === 5 ? Infinity : v)));
    // +∞ and −∞ in one tensor sum to NaN: still caught.
    const both = tf.tensor1d([Infinity, -Infinity, 1]);
    expect(allFinite([ok, ok])).toBe(true);
    expect(allFinite([ok, withNaN])).toBe(false);
    expect(allFinite([withInf, ok])).toBe(false);
    expect(allFinite([both])).toBe(false);
    expect(allFinite([])).toBe(true);
    tf.dispose([ok, withNaN, withInf, both]);
  });

  it('calls finite values finite even where their sum overflows (float32 here; half floats under webgl-f16)', () => {
    const big = tf.tensor1d([3e38, 3e38, -1]);
    expect(allFinite([big])).toBe(true);
    const flag = finiteFlag([big]);
    expect(flag.dataSync()[0]).toBe(1);
    tf.dispose([big, flag]);
  });

  it('leaks nothing', () => {
    const t = tf.ones([10]);
    const n = tf.memory().numTensors;
    allFinite([t, t]);
    expect(tf.memory().numTensors).toBe(n);
    t.dispose();
  });
});

describe('counter-based random arrays', () => {
  it('uniforms lie on the 2^-24 grid in [0, 1), so float32 never rounds them to 1', () => {
    const u = uniformArray(100_000, 9);
    expect(u.every((x) => x >= 0 && x < 1 && Number.isInteger(x * 16777216))).toBe(true);
  });
  it('are pure functions of the seed, and differ between seeds', () => {
    expect(Array.from(normalArray(10, 1))).toEqual(Array.from(normalArray(10, 1)));
    expect(Array.from(normalArray(10, 1))).not.toEqual(Array.from(normalArray(10, 2)));
    expect(Array.from(signArray(40, 3))).toEqual(Array.from(signArray(40, 3)));
  });
  it('signs past the 32nd use fresh bits (no period of 32)', () => {
    const s = signArray(64, 4);
    expect(Array.from(s.subarray(0, 32))).not.toEqual(Array.from(s.subarray(32, 64)));
  });
});
