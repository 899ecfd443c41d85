import type * as tf from '@tensorflow/tfjs-core';
import type { NamedTensor } from './namedTensor';
import type { SlotKind } from './optimizerState';
import type { GradientEntry, StepContext } from './stepContext';

/**
 * The base update that turns (processed) gradients into new weights: plain or
 * momentum SGD here, or another tfjs optimizer for the gradient-noise
 * wrapper. Must write through `ctx.commit` (or decide with `ctx.guard`) so
 * that a non-finite update never reaches the weights silently.
 */
export interface UpdateRule {
  /** The slots this rule keeps per variable, by name; what a restored state may hold. */
  readonly slots?: Readonly<Record<string, SlotKind>>;
  apply(gradients: tf.Tensor[], entries: readonly GradientEntry[], ctx: StepContext): void;
  /** Extra state to save after the optimizer's own (e.g. a wrapped optimizer's weights). */
  getWeights?(): Promise<NamedTensor[]>;
  /**
   * Validates and builds what `getWeights` saved without changing anything,
   * and returns the function that swaps it in; `setWeights` calls that only
   * once every part of the state has been validated.
   */
  prepareRestore?(weights: NamedTensor[], owner: string): Promise<() => void>;
  dispose?(): void;
}
