import type * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';

const url = (key: string) => `indexeddb://tfjs-noise-demo/${key}`;

export type Saved = { key: string; weightBytes: number; optimizerWeights: number; iterations: number };

/**
 * Saves the model with its optimizer state (tfjs-layers 4.22 appends the
 * optimizer's `getWeights()` to the weight data when `includeOptimizer` is set;
 * the IndexedDB handler stores the artifacts as they are). The library's
 * optimizers register their classes, so loading rebuilds the same optimizer.
 */
export async function saveModel(model: tfl.LayersModel, key: string): Promise<Saved> {
  const optimizer = model.optimizer as tf.Optimizer;
  const optimizerWeights = (await optimizer.getWeights()).length;
  const result = await model.save(url(key), { includeOptimizer: true });
  return { key, weightBytes: result.modelArtifactsInfo.weightDataBytes ?? 0, optimizerWeights, iterations: optimizer.iterations };
}

export type Loaded = { model: tfl.LayersModel; optimizer: tf.Optimizer; className: string; iterations: number };

export async function loadModel(key: string): Promise<Loaded> {
  const model = await tfl.loadLayersModel(url(key));
  const optimizer = model.optimizer as tf.Optimizer | undefined;
  if (!optimizer) throw new Error(`The model saved under ${url(key)} came back without an optimizer; it was not saved with includeOptimizer.`);
  return { model, optimizer, className: optimizer.getClassName(), iterations: optimizer.iterations };
}
