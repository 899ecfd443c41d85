import type * as tf from '@tensorflow/tfjs-core';
import type { NoiseStream } from '../random/noiseStream';

/** One variable's gradient in the current step. */
export type GradientEntry = {
  variable: tf.Variable;
  /** Stable index from the optimizer's VariableRegistry. */
  index: number;
  gradient: tf.Tensor;
};

/** A new value for a variable, or for a slot (per-variable optimizer state) keyed by (index, slot). */
export type StepWrite = { variable: tf.Variable; value: tf.Tensor } | { index: number; slot: string; value: tf.Tensor };

/**
 * What the shared pieces may read and write during one step. Nothing is
 * written until `commit`, which writes everything of the step at once, so a
 * step that fails (a throwing loss, a non-finite update, a bad restored
 * state) leaves every weight and slot exactly as it was.
 */
export type StepContext = {
  /** The optimizer's step counter (0 for the first update). */
  step: number;
  stream: NoiseStream;
  /**
   * The slot's value as of this step (staged earlier in the step, else
   * stored), or undefined before its first write. Throws if a stored slot
   * does not have `shape` (a restored state that belongs to other variables).
   */
  slot(index: number, slot: string, shape: readonly number[]): tf.Tensor | undefined;
  /** Stages a slot value to be written with this step's commit. Takes ownership of `value`. */
  stageSlot(index: number, slot: string, value: tf.Tensor): void;
  /**
   * Writes `writes` and every staged slot together under the optimizer's
   * NonFinitePolicy: if anything is non-finite, `throw` raises before any
   * write; `skip` keeps every old value on the device and counts the step.
   * Takes ownership of the values.
   */
  commit(writes: StepWrite[]): void;
  /**
   * For pieces that hand values to code that writes by itself (a wrapped tfjs
   * optimizer): under `throw`, checks on the host and throws (returns null
   * when all is finite); under `skip`, returns a boolean scalar on the device
   * (owned by the caller) and counts the step as skipped where it is false.
   */
  guard(tensors: tf.Tensor[]): tf.Scalar | null;
};
