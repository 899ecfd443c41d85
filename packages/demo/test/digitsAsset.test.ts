import { describe, expect, it } from 'vitest';
import { loadBundledMnist } from '@tfjs-noise/examples';
import { decodeDigits, encodeDigits, PIXELS, type DigitSplit } from '../src/data/digitsAsset';

const split = (labels: number[], fill: (image: number, pixel: number) => number): DigitSplit => {
  const images = new Float32Array(labels.length * PIXELS);
  for (let i = 0; i < labels.length; i++) for (let p = 0; p < PIXELS; p++) images[i * PIXELS + p] = fill(i, p);
  return { images, labels: Uint8Array.from(labels), count: labels.length };
};

describe('digits asset (the page\'s compact MNIST file)', () => {
  it('lays out header, value table, labels and pixel indexes as documented, and decodes them back', () => {
    const train = split([3, 7], (i, p) => (p === 0 ? 0.5 : i * 0.25)); // values {0, 0.25, 0.5}
    const test = split([1], () => 1);
    const bytes = encodeDigits({ train, test });
    // 20-byte header + 4 table floats + 3 labels + 3 × 784 pixel bytes.
    expect(bytes.length).toBe(20 + 4 * 4 + 3 + 3 * PIXELS);
    expect(String.fromCharCode(...bytes.subarray(0, 4))).toBe('MNDG');
    const view = new DataView(bytes.buffer);
    expect([4, 8, 12, 16].map((o) => view.getUint32(o, true))).toEqual([1, 2, 1, 4]);
    expect([0, 1, 2, 3].map((k) => view.getFloat32(20 + 4 * k, true))).toEqual([0, 0.25, 0.5, 1]);
    expect(Array.from(bytes.subarray(36, 39))).toEqual([3, 7, 1]);
    // Image 0: pixel 0 is 0.5 (index 2), the rest 0 (index 0); image 1: 0.5 then 0.25s (index 1); test: all 1 (index 3).
    expect(Array.from(bytes.subarray(39, 41))).toEqual([2, 0]);
    expect(Array.from(bytes.subarray(39 + PIXELS, 41 + PIXELS))).toEqual([2, 1]);
    expect(bytes[39 + 2 * PIXELS + 500]).toBe(3);
    const back = decodeDigits(bytes);
    expect(back.train).toEqual(train);
    expect(back.test).toEqual(test);
  });

  it('round-trips the 10,000 bundled digits exactly (the JSON holds 256 distinct values)', () => {
    const { train, test } = loadBundledMnist();
    const back = decodeDigits(encodeDigits({ train, test }));
    expect(back.train.count).toBe(8000);
    expect(back.test.count).toBe(2000);
    expect(Buffer.from(back.train.images.buffer).equals(Buffer.from(train.images.buffer))).toBe(true);
    expect(Buffer.from(back.test.images.buffer).equals(Buffer.from(test.images.buffer))).toBe(true);
    expect(back.train.labels).toEqual(train.labels);
    expect(back.test.labels).toEqual(test.labels);
  });

  it('refuses more than 256 distinct pixel values, and a truncated or foreign file', () => {
    const many = split([0], (_, p) => p / 1000);
    expect(() => encodeDigits({ train: many, test: split([], () => 0) })).toThrow('the images hold 784 distinct values; one byte per pixel allows at most 256');
    const bytes = encodeDigits({ train: split([1], () => 0), test: split([2], () => 1) });
    expect(() => decodeDigits(bytes.subarray(0, bytes.length - 1))).toThrow(`${bytes.length - 1} bytes, expected ${bytes.length}`);
    expect(() => decodeDigits(new TextEncoder().encode('<!doctype html>…'))).toThrow('it does not start with "MNDG"');
  });
});
