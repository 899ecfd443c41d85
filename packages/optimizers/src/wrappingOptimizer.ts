import type * as tf from '@tensorflow/tfjs-core';
import { InvalidOptionError, NoisyOptimizer, OptimizerUpdate, toOptimizer, type NoisyOptimizerBaseOptions, type WrappedOptimizerConfig } from '@tfjs-noise/core';

/**
 * A NoisyOptimizer whose update rule is another tfjs optimizer's (GradientNoise,
 * SAM, ASAM): it owns the wrapped optimizer (restored with its state by
 * `setWeights`, disposed with the wrapper) and exposes it as `inner`. The
 * subclass adds where its noise or perturbation enters and calls `compose`.
 */
export abstract class WrappingOptimizer extends NoisyOptimizer {
  /** The wrapped optimizer as the update rule of the composition. */
  protected readonly delegate: OptimizerUpdate;

  protected constructor(options: NoisyOptimizerBaseOptions, optimizer: tf.Optimizer | WrappedOptimizerConfig | undefined) {
    super(options);
    const owner = this.getClassName();
    if (optimizer === undefined) {
      throw new InvalidOptionError(owner, 'optimizer', undefined, 'a tf.Optimizer (e.g. tf.train.sgd(0.1)) or {className, config} of a registered optimizer class');
    }
    this.delegate = new OptimizerUpdate(toOptimizer(owner, optimizer));
  }

  /** The wrapped optimizer (a restored copy after `setWeights`). */
  get inner(): tf.Optimizer {
    return this.delegate.inner;
  }
}
