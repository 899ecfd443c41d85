import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { NoiseStream, alphaStableSampler, gaussianSampler } from '@tfjs-noise/core';
import { AlphaStableNoise, SeededGaussianNoise } from '@tfjs-noise/core/layers';
import { describe, expect, it } from 'vitest';
import { saveAndLoad } from '../../../test/fixtures';

const makers = {
  SeededGaussianNoise: (seed: number) => new SeededGaussianNoise({ stddev: 0.5, seed }),
  AlphaStableNoise: (seed: number) => new AlphaStableNoise({ alpha: 1.2, scale: 0.1, seed }),
};

function modelWith(layer: tfl.layers.Layer): tfl.LayersModel {
  const model = tfl.sequential();
  model.add(tfl.layers.inputLayer({ inputShape: [6] }));
  model.add(layer);
  return model;
}

describe.each(Object.entries(makers))('%s', (name, make) => {
  const x = () => tf.tidy(() => tf.reshape(tf.linspace(-1, 1, 12), [2, 6]));

  it('is the identity at inference', () => {
    const input = x();
    const out = modelWith(make(1)).predict(input) as tf.Tensor;
    expect(Array.from(out.dataSync())).toEqual(Array.from(input.dataSync()));
    tf.dispose([input, out]);
  });

  it('adds noise in training, reproducibly per seed, fresh noise per call', () => {
    const input = x();
    const a = make(7);
    const b = make(7);
    const a1 = a.apply(input, { training: true }) as tf.Tensor;
    const a2 = a.apply(input, { training: true }) as tf.Tensor;
    const b1 = b.apply(input, { training: true }) as tf.Tensor;
    const c1 = make(8).apply(input, { training: true }) as tf.Tensor;
    expect(Array.from(a1.dataSync())).toEqual(Array.from(b1.dataSync()));
    expect(Array.from(a1.dataSync())).not.toEqual(Array.from(input.dataSync()));
    expect(Array.from(a2.dataSync())).not.toEqual(Array.from(a1.dataSync()));
    expect(Array.from(c1.dataSync())).not.toEqual(Array.from(a1.dataSync()));
    expect(a.step).toBe(2);
    tf.dispose([input, a1, a2, b1, c1]);
  });

  it('is saved and loaded with the model, seed and all', async () => {
    const model = modelWith(make(11));
    model.compile({ optimizer: 'sgd', loss: 'meanSquaredError' });
    const loaded = await saveAndLoad(model, false);
    const original = model.layers.find((l) => l.getClassName() === name)!;
    const layer = loaded.layers.find((l) => l.getClassName() === name)!;
    expect(layer).toBeDefined();
    expect(layer.getConfig()).toEqual(original.getConfig());
    const input = x();
    const fromOriginal = original.apply(input, { training: true }) as tf.Tensor;
    const fromLoaded = layer.apply(input, { training: true }) as tf.Tensor;
    expect(Array.from(fromLoaded.dataSync())).toEqual(Array.from(fromOriginal.dataSync()));
    tf.dispose([input, fromOriginal, fromLoaded]);
  });

  it('leaks no tensors over 100 training calls', () => {
    const layer = make(3);
    const input = x();
    tf.dispose(layer.apply(input, { training: true }) as tf.Tensor);
    const before = tf.memory().numTensors;
    for (let i = 0; i < 100; i++) tf.dispose(layer.apply(input, { training: true }) as tf.Tensor);
    expect(tf.memory().numTensors).toBe(before);
    input.dispose();
  });
});

describe('noise values', () => {
  it('SeededGaussianNoise adds stddev times the stream draw', () => {
    const input = tf.zeros([1000]);
    const out = new SeededGaussianNoise({ stddev: 0.25, seed: 5 }).apply(input, { training: true }) as tf.Tensor;
    const draw = gaussianSampler().sample([1000], new NoiseStream(5).seedFor(0, 0), 0).dataSync();
    out.dataSync().forEach((v, i) => expect(v).toBeCloseTo(0.25 * draw[i]!, 6));
    tf.dispose([input, out]);
  });

  it('AlphaStableNoise clips each unit draw to ±noiseClip before scaling', () => {
    const input = tf.zeros([20_000]);
    const out = new AlphaStableNoise({ alpha: 0.5, scale: 2, noiseClip: 4, seed: 6 }).apply(input, { training: true }) as tf.Tensor;
    const draw = alphaStableSampler(0.5).sample([20_000], new NoiseStream(6).seedFor(0, 0), 0).dataSync();
    out.dataSync().forEach((v, i) => expect(v).toBeCloseTo(2 * Math.max(-4, Math.min(4, draw[i]!)), 5));
    tf.dispose([input, out]);
  });

  it('rejects invalid arguments naming them', () => {
    expect(() => new SeededGaussianNoise({ stddev: -1 })).toThrow(/SeededGaussianNoise: stddev must be a finite number >= 0; got -1/);
    expect(() => new AlphaStableNoise({ alpha: 3, scale: 1 })).toThrow(/alpha must be a finite number > 0 and <= 2; got 3/);
    expect(() => new AlphaStableNoise({ alpha: 1, scale: NaN })).toThrow(/AlphaStableNoise: scale must be a finite number >= 0; got NaN/);
    expect(() => new AlphaStableNoise({ alpha: 1, scale: 1, noiseClip: -2 })).toThrow(/noiseClip must be a finite number > 0; got -2/);
  });
});
