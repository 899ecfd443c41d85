import type * as tf from '@tensorflow/tfjs-core';
import { OptimizerUpdate, toOptimizer } from '../optimizer/optimizerUpdate';
import type { WrappedOptimizerConfig } from '../optimizer/wrappedOptimizerConfig';
import { updatePiece, type UpdatePiece } from './piece';

/**
 * Any tfjs optimizer (Adam, RMSProp, `tf.train.sgd`, …) as the update: the
 * processed gradients go to its `applyGradients`, and its state is saved with
 * the composed optimizer's (under `inner/`). Takes ownership of the optimizer.
 * Accepts `{className, config}` too (what `getConfig` stores), so configs round-trip.
 *
 * @example
 * ```ts
 * const opt = chain(samPerturbation({ rho: 0.05 }), addNoise(), optimizerUpdate(tf.train.adam(1e-3)));
 * ```
 */
export function optimizerUpdate(optimizer: tf.Optimizer | WrappedOptimizerConfig): UpdatePiece {
  const update = new OptimizerUpdate(toOptimizer('optimizerUpdate', optimizer));
  return updatePiece('optimizer', update, () => ({ optimizer: update.innerConfig() }));
}
