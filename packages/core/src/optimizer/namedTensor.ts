import type * as tf from '@tensorflow/tfjs-core';

/**
 * tfjs-core's `NamedTensor` (what `Optimizer.getWeights` returns) is not
 * exported from its public entry point; this is the same structural type.
 */
export type NamedTensor = { name: string; tensor: tf.Tensor };
