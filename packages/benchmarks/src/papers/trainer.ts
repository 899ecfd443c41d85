import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { SeededRandom, type Dataset, type Split } from '@tfjs-noise/examples';

export type Tensors = { xs: tf.Tensor4D; ys: tf.Tensor2D };

export function tensorsOf(split: Split, d: Pick<Dataset, 'imageShape' | 'numClasses'>): Tensors {
  return tf.tidy(() => ({
    xs: tf.tensor4d(split.images, [split.count, ...d.imageShape]),
    ys: tf.cast(tf.oneHot(tf.tensor1d(Array.from(split.labels), 'int32'), d.numClasses), 'float32') as tf.Tensor2D,
  }));
}

export type TrainResult = { testAccuracy: number; testLoss: number; trainLoss: number; diverged: boolean };

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
  o: { epochs: number; batchSize: number; seed: number },
): Promise<TrainResult> {
  model.compile({ optimizer, loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
  let trainLoss = NaN;
  let diverged = false;
  for (let epoch = 0; epoch < o.epochs && !diverged; epoch++) {
    const order = new SeededRandom(o.seed * 7919 + epoch).shuffle(Array.from({ length: train.xs.shape[0] }, (_, i) => i));
    const idx = tf.tensor1d(order, 'int32');
    const xs = tf.gather(train.xs, idx);
    const ys = tf.gather(train.ys, idx);
    try {
      const h = await model.fit(xs, ys, { epochs: 1, batchSize: o.batchSize, shuffle: false, verbose: 0 });
      trainLoss = h.history['loss']![0] as number;
      if (!Number.isFinite(trainLoss)) diverged = true;
    } catch {
      diverged = true;
    } finally {
      tf.dispose([idx, xs, ys]);
    }
  }
  const [testLoss, testAccuracy] = evaluate(model, test);
  return { testAccuracy, testLoss, trainLoss, diverged };
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
