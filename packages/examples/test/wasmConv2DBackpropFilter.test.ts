import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import { afterAll, describe, expect, it } from 'vitest';
import { registerWasmConv2DBackpropFilter } from '../src/index';

/** d/dfilter of Σ(conv2d(x, f) ⊙ dy): exactly what training asks Conv2DBackpropFilter for. */
function filterGradient(n: number, size: number, cin: number, fh: number, cout: number, stride: number, pad: 'same' | 'valid'): Float32Array {
  return tf.tidy(() => {
    const x = tf.randomNormal([n, size, size, cin], 0, 1, 'float32', 1) as tf.Tensor4D;
    const f0 = tf.randomNormal([fh, fh, cin, cout], 0, 1, 'float32', 2) as tf.Tensor4D;
    const dy = tf.randomNormal(tf.conv2d(x, f0, stride, pad).shape, 0, 1, 'float32', 3);
    const g = tf.grad((f: tf.Tensor) => tf.sum(tf.mul(tf.conv2d(x, f as tf.Tensor4D, stride, pad), dy)))(f0);
    return g.dataSync() as Float32Array;
  });
}

describe('wasm Conv2DBackpropFilter kernel', () => {
  afterAll(async () => void (await tf.setBackend('cpu')));

  const cases: Array<[number, number, number, number, number, number, 'same' | 'valid']> = [
    [2, 8, 3, 3, 4, 1, 'valid'],
    [2, 8, 3, 3, 4, 1, 'same'],
    [2, 9, 3, 3, 4, 2, 'same'],
    [2, 9, 3, 3, 4, 2, 'valid'],
    [1, 10, 2, 2, 3, 3, 'same'],
    [3, 7, 1, 5, 2, 1, 'same'],
    [2, 28, 1, 3, 16, 1, 'valid'],
  ];
  it.each(cases)('n=%i size=%i cin=%i f=%i cout=%i stride=%i %s agrees with cpu within 1e-4 relative', async (...c) => {
    await tf.setBackend('cpu');
    const cpu = filterGradient(...c);
    await tf.setBackend('wasm');
    registerWasmConv2DBackpropFilter();
    const wasm = filterGradient(...c);
    expect(wasm.length).toBe(cpu.length);
    // Relative to max(|cpu|, 1e-3) so entries near 0 are judged absolutely.
    cpu.forEach((v, i) => expect(Math.abs(wasm[i]! - v) / Math.max(Math.abs(v), 1e-3)).toBeLessThanOrEqual(1e-4));
  });

  it('leaks no tensors on the wasm backend', async () => {
    await tf.setBackend('wasm');
    filterGradient(2, 8, 3, 3, 4, 2, 'same');
    const before = tf.memory().numTensors;
    const bytes = tf.memory().numBytes;
    filterGradient(2, 8, 3, 3, 4, 2, 'same');
    expect(tf.memory().numTensors).toBe(before);
    expect(tf.memory().numBytes).toBe(bytes);
  });
});
