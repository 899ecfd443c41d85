import type * as tf from '@tensorflow/tfjs-core';
import type { NoiseStream } from '../random/noiseStream';
import type { SlotStore } from './slotStore';

/** One variable's gradient in the current step. */
export type GradientEntry = {
  variable: tf.Variable;
  /** Stable index from the optimizer's VariableRegistry. */
  index: number;
  gradient: tf.Tensor;
};

/** What the shared pieces may read and write during one step. */
export type StepContext = {
  /** The optimizer's step counter (0 for the first update). */
  step: number;
  stream: NoiseStream;
  slots: SlotStore;
  /**
   * Writes `values` into `targets` if all are finite; otherwise applies the
   * optimizer's NonFinitePolicy. Takes ownership of `values`.
   * Returns whether the values were written.
   */
  commit(targets: tf.Variable[], values: tf.Tensor[]): boolean;
  /** The same check with no write, for pieces that hand gradients elsewhere. */
  checkFinite(tensors: tf.Tensor[]): boolean;
};
