import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { describe, expect, it } from 'vitest';
import { NonFiniteUpdateError, canReadSync } from '@tfjs-noise/core';
import { backendTolerance, laneBudget } from './backendTolerance';
import { expectBitEqual, expectClose, expectEqualWithin, fit, saveAndLoad, smallModel, syntheticData, weightsOf } from './fixtures';

export type SerializableOptimizerClass = {
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
  options: {
    modelLayers?: () => tfl.layers.Layer[];
    minLossDrop?: number;
    /** The same optimizer with its noise at 0, and the tfjs optimizer it must then equal. */
    noiseFree?: () => tf.Optimizer;
    reference?: () => tf.Optimizer;
  } = {},
): void {
  const model = (seed = 3) => smallModel(seed, options.modelLayers?.() ?? []);

  describe(`${label}: optimizer contract`, () => {
    it(`trains a small model with model.fit for ${laneBudget().trainEpochs} epochs (loss falls clearly)`, async () => {
      const losses = await fit(model(), make(), laneBudget().trainEpochs);
      expect(losses.at(-1)!).toBeLessThan(losses[0]! * (options.minLossDrop ?? 0.7));
    });

    const { noiseFree, reference } = options;
    if (noiseFree && reference) {
      it('with noise 0 equals its tfjs reference optimizer over 4 epochs of model.fit', async () => {
        const a = model();
        const b = model();
        await fit(a, noiseFree(), 4);
        await fit(b, reference(), 4);
        expectClose(await weightsOf(a), await weightsOf(b), backendTolerance().sameMath);
      });
    }

    it('model.trainOnBatch works on a model compiled with a metric, without leaking', async () => {
      const m = model();
      const { xs, ys } = syntheticData(16);
      const opt = make() as tf.Optimizer & { passesPerStep?: number };
      m.compile({ optimizer: opt, loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
      await m.trainOnBatch(xs, ys);
      const after1 = tf.memory().numTensors;
      const results: number[][] = [];
      for (let i = 0; i < 5; i++) results.push((await m.trainOnBatch(xs, ys)) as number[]);
      expect(tf.memory().numTensors).toBe(after1);
      // trainOnBatch returns [loss, accuracy], all finite; tfjs-layers computes the
      // metrics inside the loss closure, so a two-pass optimizer appends the
      // second pass's accuracy.
      for (const r of results) {
        expect(r).toHaveLength(1 + (opt.passesPerStep ?? 1));
        r.forEach((x) => expect(Number.isFinite(x)).toBe(true));
      }
      tf.dispose([xs, ys]);
    });

    // 'throw' needs a synchronous read, which tfjs's webgpu backend has only in browsers.
    it.skipIf(!canReadSync())("with nonFinite 'throw', a non-finite step throws and leaves weights and optimizer state exactly as they were", async () => {
      const w = tf.variable(tf.tensor1d([0.5, -1, 2, 0.25]), true, `contract-throw-${label}`);
      const opt = cls.fromConfig(cls as never, { ...make().getConfig(), nonFinite: 'throw' }) as tf.Optimizer;
      const good = () => tf.sum(tf.square(w)) as tf.Scalar;
      const bad = () => tf.sum(tf.mul(w, tf.tensor1d([Infinity, 1, 1, 1]))) as tf.Scalar;
      opt.minimize(good, false, [w]);
      opt.minimize(good, false, [w]); // slots exist; alternating mode is mid-pair
      const before = ((await w.data()) as Float32Array).slice();
      const stateBefore = await opt.getWeights();
      expect(() => opt.minimize(bad, false, [w])).toThrow(NonFiniteUpdateError);
      expectBitEqual([(await w.data()) as Float32Array], [before]);
      const stateAfter = await opt.getWeights();
      expect(stateAfter.map((s) => s.name)).toEqual(stateBefore.map((s) => s.name));
      expectBitEqual(
        await Promise.all(stateAfter.map(async (s) => Float32Array.from(await s.tensor.data()))),
        await Promise.all(stateBefore.map(async (s) => Float32Array.from(await s.tensor.data()))),
      );
      tf.dispose([w, ...stateBefore.map((s) => s.tensor), ...stateAfter.map((s) => s.tensor)]);
      opt.dispose();
    });

    it("with nonFinite 'skip', a non-finite step leaves the weights, is counted, and training goes on", async () => {
      const w = tf.variable(tf.tensor1d([0.5, -1, 2, 0.25]), true, `contract-skip-${label}`);
      const opt = cls.fromConfig(cls as never, { ...make().getConfig(), nonFinite: 'skip' }) as tf.Optimizer & {
        readSkippedSteps(): Promise<number>;
      };
      const good = () => tf.sum(tf.square(w)) as tf.Scalar;
      const bad = () => tf.sum(tf.mul(w, tf.tensor1d([Infinity, 1, 1, 1]))) as tf.Scalar;
      opt.minimize(good, false, [w]);
      const before = ((await w.data()) as Float32Array).slice();
      opt.minimize(bad, false, [w]);
      expectBitEqual([(await w.data()) as Float32Array], [before]);
      expect(await opt.readSkippedSteps()).toBe(1);
      opt.minimize(good, false, [w]);
      expect(await opt.readSkippedSteps()).toBe(1);
      const after = Array.from(await w.data());
      expect(after.every(Number.isFinite)).toBe(true);
      expect(after).not.toEqual(Array.from(before));
      w.dispose();
      opt.dispose();
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
      expectBitEqual(await weightsOf(m1), await weightsOf(m2));
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
      // Bit for bit on every lane but webgl-f16 (backendTolerance().resume says why).
      expectEqualWithin(await weightsOf(second), await weightsOf(straight), backendTolerance().resume);
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
      expectEqualWithin(await weightsOf(loaded), await weightsOf(straight), backendTolerance().resume);
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

    it(`keeps tf.memory().numTensors flat over ${laneBudget().leakSteps} steps and frees its state on dispose`, () => {
      const m = model();
      const { xs, ys } = syntheticData(16);
      const loss = () => tf.losses.softmaxCrossEntropy(ys, m.apply(xs) as tf.Tensor) as tf.Scalar;
      const vars = m.trainableWeights.map((w) => w.read() as tf.Variable);
      const start = tf.memory().numTensors;
      const opt = make();
      opt.minimize(loss, false, vars); // first step creates the slots
      const afterFirst = tf.memory().numTensors;
      for (let i = 1; i < laneBudget().leakSteps; i++) opt.minimize(loss, false, vars);
      expect(tf.memory().numTensors).toBe(afterFirst);
      opt.dispose();
      expect(tf.memory().numTensors).toBe(start);
      tf.dispose([xs, ys]);
    });
  });
}
