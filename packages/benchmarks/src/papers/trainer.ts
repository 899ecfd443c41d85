import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { fitShuffledEpoch, head, pixelsPerImage, type Dataset, type Split } from '@tfjs-noise/examples';

export type Tensors = { xs: tf.Tensor4D; ys: tf.Tensor2D };

export function tensorsOf(split: Split, d: Pick<Dataset, 'imageShape' | 'numClasses'>): Tensors {
  return tf.tidy(() => ({
    xs: tf.tensor4d(split.images, [split.count, ...d.imageShape]),
    ys: tf.cast(tf.oneHot(tf.tensor1d(Array.from(split.labels), 'int32'), d.numClasses), 'float32') as tf.Tensor2D,
  }));
}

export type TrainResult = { testAccuracy: number; testLoss: number; trainLoss: number; losses: number[]; diverged: boolean };

/**
 * Compiles and trains `model` with `optimizer` on `train` for `epochs`, in a
 * seeded batch order, then evaluates on `test`. A step that throws (e.g. a
 * non-finite update) ends training and is reported as `diverged`.
 */
export async function trainAndEvaluate(
  model: tfl.LayersModel,
  optimizer: tf.Optimizer,
  train: Tensors,
  test: Tensors,
  o: { epochs: number; batchSize: number; seed: number; callbacks?: { onEpochEnd: () => Promise<void> } },
): Promise<TrainResult> {
  model.compile({ optimizer, loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
  const losses: number[] = [];
  let diverged = false;
  for (let epoch = 0; epoch < o.epochs && !diverged; epoch++) {
    try {
      losses.push(await fitShuffledEpoch(model, train, { seed: o.seed, epoch, batchSize: o.batchSize, ...(o.callbacks ? { callbacks: o.callbacks } : {}) }));
      if (!Number.isFinite(losses.at(-1)!)) diverged = true;
    } catch {
      diverged = true;
    }
  }
  const [testLoss, testAccuracy] = evaluate(model, test);
  return { testAccuracy, testLoss, trainLoss: losses.at(-1) ?? NaN, losses, diverged };
}

/** The first `trainCount` training and `testCount` test images of `d`, as tensors. */
export function subsets(d: Dataset, trainCount: number, testCount: number): { train: Tensors; test: Tensors; trainSplit: Split; testSplit: Split } {
  const trainSplit = head(d.train, pixelsPerImage(d), trainCount);
  const testSplit = head(d.test, pixelsPerImage(d), testCount);
  return { train: tensorsOf(trainSplit, d), test: tensorsOf(testSplit, d), trainSplit, testSplit };
}

export function evaluate(model: tfl.LayersModel, data: Tensors): [loss: number, accuracy: number] {
  return tf.tidy(() => (model.evaluate(data.xs, data.ys, { batchSize: 500 }) as tf.Scalar[]).map((t) => t.dataSync()[0]!)) as [number, number];
}

/** The model's trainable variables, for diagnostics. */
export function variablesOf(model: tfl.LayersModel): tf.Variable[] {
  return model.trainableWeights.map((w) => w.read() as tf.Variable);
}

/** Mean cross-entropy of `model` on `data`, as a closure for the diagnostics. */
export function lossOn(model: tfl.LayersModel, data: Tensors): () => tf.Scalar {
  return () => tf.losses.softmaxCrossEntropy(data.ys, model.apply(data.xs) as tf.Tensor) as tf.Scalar;
}

export function sliceTensors(t: Tensors, n: number): Tensors {
  return tf.tidy(() => ({ xs: tf.slice(t.xs, 0, Math.min(n, t.xs.shape[0])) as tf.Tensor4D, ys: tf.slice(t.ys, 0, Math.min(n, t.ys.shape[0])) as tf.Tensor2D }));
}
