import * as tf from '@tensorflow/tfjs-core';
import { allFinite, finiteFlag, finiteFlagAndMasks, keepWhere, normalArray, signArray, uniformArray } from '@tfjs-noise/core';
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

describe('keepWhere (the device-side select of the skip policy)', () => {
  it('gives the new values when keep is true and the old ones when it is false, NaN included', () => {
    const value = tf.tensor1d([1, NaN, 3]);
    const finite = tf.tensor1d([1, 2, 3]);
    const old = tf.tensor1d([7, 8, 9]);
    const yes = tf.scalar(true, 'bool');
    const no = tf.scalar(false, 'bool');
    const n = tf.memory().numTensors;
    const kept = [keepWhere(yes, finite, old), keepWhere(no, finite, old), keepWhere(no, value, old)];
    expect(tf.memory().numTensors).toBe(n + 3);
    expect(kept.map((t) => Array.from(t.dataSync()))).toEqual([[1, 2, 3], [7, 8, 9], [7, 8, 9]]);
    tf.dispose([value, finite, old, yes, no, ...kept]);
  });
});

describe('finiteFlagAndMasks (the device-side guard that hands its masks to the select)', () => {
  it("gives finiteFlag's flag and each tensor's isFinite mask; keepWhere with the mask selects as keepWhere without", () => {
    const a = tf.tensor1d([1, NaN, 3]);
    const b = tf.tensor2d([[Infinity, 2], [3, 4]]);
    const c = tf.tensor1d([5, 6]);
    const old = [tf.tensor1d([7, 8, 9]), tf.tensor2d([[0, 0], [0, 0]]), tf.tensor1d([1, 1])];
    for (const set of [[a, b, c], [c], []]) {
      const { flag, masks } = finiteFlagAndMasks(set);
      const reference = finiteFlag(set);
      expect(flag.dataSync()[0]).toBe(reference.dataSync()[0]);
      const expected = set.map((t) => tf.isFinite(t));
      expect(masks.map((m) => Array.from(m.dataSync()))).toEqual(expected.map((m) => Array.from(m.dataSync())));
      tf.dispose(expected);
      for (const keep of [tf.scalar(true, 'bool'), tf.scalar(false, 'bool')]) {
        set.forEach((t, i) => {
          const o = old[[a, b, c].indexOf(t)]!;
          const withMask = keepWhere(keep, t, o, masks[i]);
          const without = keepWhere(keep, t, o);
          expect(Array.from(withMask.dataSync())).toEqual(Array.from(without.dataSync()));
          tf.dispose([withMask, without]);
        });
        keep.dispose();
      }
      tf.dispose([flag, reference, ...masks]);
    }
    tf.dispose([a, b, c, ...old]);
  });
});
