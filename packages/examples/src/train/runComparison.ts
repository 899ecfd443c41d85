import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { pixelsPerImage, type Dataset, type Split } from '../data/dataset';
import { buildModel, type InitName, type ModelName } from '../models/buildModel';
import type { OptimizerSpec } from '../optimizerSpec';
import { fitShuffledEpoch } from './fitShuffledEpoch';

export type RunCurves = {
  /** Mean training loss over each epoch's batches (at the perturbed point for perturbation methods). */
  trainLoss: number[];
  testLoss: number[];
  testAccuracy: number[];
  secondsPerEpoch: number[];
};

export type RunResult = {
  optimizer: string;
  curves: RunCurves;
  /** Set when training stopped early (e.g. a non-finite update under nonFinite: 'throw'). */
  error?: string;
};

export type ComparisonOptions = {
  model: ModelName;
  init?: InitName;
  hidden?: number[];
  epochs: number;
  batchSize: number;
  seed: number;
  onEpochStart?: (run: string, epoch: number, batches: number) => void;
  onBatchEnd?: (run: string, epoch: number, batch: number, loss: number) => void;
  onEpochEnd?: (run: string, epoch: number, curves: RunCurves) => void;
};

function toTensors(split: Split, d: Dataset): { xs: tf.Tensor4D; ys: tf.Tensor2D } {
  return tf.tidy(() => ({
    xs: tf.tensor4d(split.images, [split.count, ...d.imageShape]),
    ys: tf.cast(tf.oneHot(tf.tensor1d(Array.from(split.labels), 'int32'), d.numClasses), 'float32') as tf.Tensor2D,
  }));
}

/**
 * Trains one fresh model per optimizer on the same data: the same initial
 * weights (seeded initializers), the same batches in the same order (a seeded
 * shuffle per epoch; tfjs-layers' own shuffle uses Math.random), the same
 * seed for each optimizer's noise. Reports per-epoch curves.
 */
export async function runComparison(dataset: Dataset, specs: OptimizerSpec[], o: ComparisonOptions): Promise<RunResult[]> {
  if (pixelsPerImage(dataset) * dataset.train.count === 0) throw new Error(`dataset ${dataset.name} has no training examples`);
  const train = toTensors(dataset.train, dataset);
  const test = toTensors(dataset.test, dataset);
  const batches = Math.ceil(dataset.train.count / o.batchSize);
  const results: RunResult[] = [];
  try {
    for (const spec of specs) {
      const curves: RunCurves = { trainLoss: [], testLoss: [], testAccuracy: [], secondsPerEpoch: [] };
      const model = buildModel(o.model, dataset.imageShape, dataset.numClasses, { seed: o.seed, init: o.init, hidden: o.hidden });
      const optimizer = spec.make(o.seed);
      model.compile({ optimizer, loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
      const result: RunResult = { optimizer: spec.label, curves };
      try {
        for (let epoch = 0; epoch < o.epochs; epoch++) {
          await trainEpoch(model, train, spec.label, epoch, batches, curves, o);
          const [loss, acc] = tf.tidy(() => (model.evaluate(test.xs, test.ys, { batchSize: 500 }) as tf.Scalar[]).map((t) => t.dataSync()[0]!));
          curves.testLoss.push(loss!);
          curves.testAccuracy.push(acc!);
          o.onEpochEnd?.(spec.label, epoch, curves);
        }
      } catch (e) {
        result.error = (e as Error).message;
      } finally {
        model.dispose(); // also disposes the optimizer it was compiled with
      }
      results.push(result);
    }
  } finally {
    tf.dispose([train.xs, train.ys, test.xs, test.ys]);
  }
  return results;
}

async function trainEpoch(
  model: tfl.LayersModel,
  train: { xs: tf.Tensor4D; ys: tf.Tensor2D },
  label: string,
  epoch: number,
  batches: number,
  curves: RunCurves,
  o: ComparisonOptions,
): Promise<void> {
  o.onEpochStart?.(label, epoch, batches);
  const start = performance.now();
  const loss = await fitShuffledEpoch(model, train, {
    seed: o.seed,
    epoch,
    batchSize: o.batchSize,
    callbacks: { onBatchEnd: async (batch, logs) => o.onBatchEnd?.(label, epoch, batch, logs?.['loss'] ?? NaN) },
  });
  curves.secondsPerEpoch.push((performance.now() - start) / 1000);
  curves.trainLoss.push(loss);
}
