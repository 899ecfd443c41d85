import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { describe, expect, it } from 'vitest';
import { expectBitEqual, fit, saveAndLoad, smallModel, syntheticData, weightsOf } from './fixtures';

type SerializableOptimizerClass = {
  new (config: never): tf.Optimizer;
  className: string;
  fromConfig: typeof tf.serialization.Serializable.fromConfig;
};

/**
 * What every optimizer of this library promises, checked on one small model:
 * `model.fit` trains it, the config round-trips, training resumes bit for bit
 * after getWeights/setWeights and after model.save with the optimizer, the
 * same seed gives the same weights, and no tensor leaks.
 */
export function describeOptimizerContract(
  label: string,
  cls: SerializableOptimizerClass,
  make: () => tf.Optimizer,
  options: { modelLayers?: () => tfl.layers.Layer[]; minLossDrop?: number } = {},
): void {
  const model = (seed = 3) => smallModel(seed, options.modelLayers?.() ?? []);

  describe(`${label}: optimizer contract`, () => {
    it('trains a small model with model.fit (loss falls clearly)', async () => {
      const losses = await fit(model(), make(), 30);
      expect(losses.at(-1)!).toBeLessThan(losses[0]! * (options.minLossDrop ?? 0.7));
    });

    it('getConfig → fromConfig rebuilds an equal optimizer', () => {
      const a = make();
      const b = cls.fromConfig(cls as never, a.getConfig()) as tf.Optimizer;
      expect(b.getConfig()).toEqual(a.getConfig());
      // The config is plain JSON.
      expect(JSON.parse(JSON.stringify(a.getConfig()))).toEqual(a.getConfig());
      a.dispose();
      b.dispose();
    });

    it('two runs with one seed give bit-identical weights', async () => {
      const m1 = model();
      const m2 = model();
      await fit(m1, make(), 3);
      await fit(m2, make(), 3);
      expectBitEqual(weightsOf(m1), weightsOf(m2));
    });

    it('resumes bit for bit after getWeights / setWeights into fresh objects', async () => {
      const straight = model();
      await fit(straight, make(), 4);

      const first = model();
      const opt = make();
      await fit(first, opt, 2);
      const modelWeights = first.getWeights().map((w) => w.clone());
      const optWeights = await opt.getWeights();

      const second = model(99); // different start, overwritten below
      second.setWeights(modelWeights);
      const restored = cls.fromConfig(cls as never, opt.getConfig()) as tf.Optimizer;
      await restored.setWeights(optWeights);
      await fit(second, restored, 2);
      expectBitEqual(weightsOf(second), weightsOf(straight));
      tf.dispose([...modelWeights, ...optWeights.map((w) => w.tensor)]);
    });

    it('resumes bit for bit through model.save({includeOptimizer}) and tf.loadLayersModel', async () => {
      const straight = model();
      await fit(straight, make(), 4);

      const first = model();
      const opt = make();
      await fit(first, opt, 2);
      const loaded = await saveAndLoad(first);
      expect(loaded.optimizer.getClassName()).toBe(cls.className);
      expect(loaded.optimizer.getConfig()).toEqual(opt.getConfig());
      const data = syntheticData();
      await loaded.fit(data.xs, data.ys, { epochs: 2, batchSize: 16, shuffle: false, verbose: 0 });
      tf.dispose([data.xs, data.ys]);
      expectBitEqual(weightsOf(loaded), weightsOf(straight));
    });

    it('keeps numTensors flat across model.fit epochs with a compiled metric', async () => {
      const m = model();
      const data = syntheticData();
      m.compile({ optimizer: make(), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
      await m.fit(data.xs, data.ys, { epochs: 1, batchSize: 16, shuffle: false, verbose: 0 });
      const after1 = tf.memory().numTensors;
      await m.fit(data.xs, data.ys, { epochs: 3, batchSize: 16, shuffle: false, verbose: 0 });
      expect(tf.memory().numTensors).toBe(after1);
      tf.dispose([data.xs, data.ys]);
    });

    it('keeps tf.memory().numTensors flat over 200 steps and frees its state on dispose', () => {
      const m = model();
      const { xs, ys } = syntheticData(16);
      const loss = () => tf.losses.softmaxCrossEntropy(ys, m.apply(xs) as tf.Tensor) as tf.Scalar;
      const vars = m.trainableWeights.map((w) => w.read() as tf.Variable);
      const start = tf.memory().numTensors;
      const opt = make();
      opt.minimize(loss, false, vars); // first step creates the slots
      const afterFirst = tf.memory().numTensors;
      for (let i = 0; i < 199; i++) opt.minimize(loss, false, vars);
      expect(tf.memory().numTensors).toBe(afterFirst);
      opt.dispose();
      expect(tf.memory().numTensors).toBe(start);
      tf.dispose([xs, ys]);
    });
  });
}
