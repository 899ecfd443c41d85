import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import type { CustomCallbackArgs } from '@tensorflow/tfjs-layers';
import { SeededRandom } from '../data/seededRandom';

/**
 * One epoch of `model.fit` over `xs`/`ys` in a seeded order. tfjs-layers'
 * own `shuffle: true` uses Math.random, which would make two runs with one
 * seed differ; here the order depends only on (seed, epoch). Resolves to the
 * epoch's mean training loss.
 */
export async function fitShuffledEpoch(
  model: tfl.LayersModel,
  data: { xs: tf.Tensor; ys: tf.Tensor },
  o: { seed: number; epoch: number; batchSize: number; callbacks?: CustomCallbackArgs },
): Promise<number> {
  const order = new SeededRandom(o.seed * 7919 + o.epoch).shuffle(Array.from({ length: data.xs.shape[0]! }, (_, i) => i));
  const idx = tf.tensor1d(order, 'int32');
  const xs = tf.gather(data.xs, idx);
  const ys = tf.gather(data.ys, idx);
  idx.dispose();
  try {
    const history = await model.fit(xs, ys, { epochs: 1, batchSize: o.batchSize, shuffle: false, verbose: 0, ...(o.callbacks ? { callbacks: o.callbacks } : {}) });
    return history.history['loss']![0] as number;
  } finally {
    tf.dispose([xs, ys]);
  }
}
