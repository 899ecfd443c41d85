import type * as tf from '@tensorflow/tfjs-core';
import type { NamedTensor } from './namedTensor';
import type { GradientEntry, StepContext } from './stepContext';

/**
 * The base update that turns (processed) gradients into new weights: plain or
 * momentum SGD here, or another tfjs optimizer for the gradient-noise
 * wrapper. Must write through `ctx.commit` (or check with `ctx.checkFinite`)
 * so that a non-finite update never reaches the weights silently.
 */
export interface UpdateRule {
  apply(gradients: tf.Tensor[], entries: readonly GradientEntry[], ctx: StepContext): void;
  /** Extra state to save after the optimizer's own (e.g. a wrapped optimizer's weights). */
  getWeights?(): Promise<NamedTensor[]>;
  /** Restores what `getWeights` saved. */
  setWeights?(weights: NamedTensor[]): Promise<void>;
  dispose?(): void;
}
