import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { InvalidOptionError } from '@tfjs-noise/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { torchDefaultMlp } from '../src/papers/torchDefaultMlp';

describe('torchDefaultMlp', () => {
  beforeAll(async () => void (await tf.setBackend('cpu')));

  it('initialises kernel and bias like PyTorch nn.Linear: U(±1/√fan_in)', () => {
    const model = torchDefaultMlp([28, 28, 1], [64, 32], 10, 3);
    const weights = model.getWeights();
    expect(weights.map((w) => w.shape)).toEqual([[784, 64], [64], [64, 32], [32], [32, 10], [10]]);
    const fanIns = [784, 784, 64, 64, 32, 32];
    weights.forEach((w, i) => {
      const bound = 1 / Math.sqrt(fanIns[i]!);
      const v = w.dataSync();
      expect(Math.max(...v)).toBeLessThanOrEqual(bound);
      expect(Math.min(...v)).toBeGreaterThanOrEqual(-bound);
      // Biases are random too (tfjs's default would be all zeros).
      expect(v.some((x) => x !== 0)).toBe(true);
    });
    // Variance of U(−b, b) is b²/3. With 50,176 values the relative standard error of the
    // sample variance is 0.4%, so a 3% tolerance fails by chance with probability < 1e-12.
    const k = Array.from(weights[0]!.dataSync());
    const meanSq = k.reduce((a, x) => a + x * x, 0) / k.length;
    expect(meanSq / (1 / 784 / 3)).toBeGreaterThan(0.97);
    expect(meanSq / (1 / 784 / 3)).toBeLessThan(1.03);
    expect(model.layers.at(-1)!.getConfig().activation).toBe('softmax');
    model.dispose();
  });

  it('is reproducible per seed and differs across seeds', () => {
    const read = (seed: number) => {
      const m = torchDefaultMlp([2, 2, 1], [3], 2, seed);
      const v = m.getWeights().map((w) => Array.from(w.dataSync()));
      m.dispose();
      return v;
    };
    expect(read(5)).toEqual(read(5));
    expect(read(5)).not.toEqual(read(6));
  });

  it('rejects bad widths, naming the parameter', () => {
    expect(() => torchDefaultMlp([4], [], 2, 1)).toThrow(InvalidOptionError);
    expect(() => torchDefaultMlp([4], [3, 0], 2, 1)).toThrow(/hidden must be a non-empty list of positive integer widths; got \[3,0\]/);
  });
});
