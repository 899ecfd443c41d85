import type * as tf from '@tensorflow/tfjs-core';
import type { SlotKind } from './optimizerState';
import type { LossAndGradients } from './perturbedGradients';
import type { StepContext } from './stepContext';

/** A variable taking part in a perturbed step, with its stable index. */
export type IndexedVariable = { variable: tf.Variable; index: number };

/**
 * Where noise enters weight space: a rule that takes the step's gradients at
 * perturbed weights (built on {@link gradientsAtPerturbedPoint}) while the
 * base update still applies to the unperturbed weights.
 */
export interface Perturbation {
  /** Forward/backward passes per step, for the docs and the benchmarks. */
  readonly passesPerStep: number;
  /** The slots this perturbation keeps per variable (staged through the step context). */
  readonly slots?: Readonly<Record<string, SlotKind>>;
  gradients(f: () => tf.Scalar, variables: readonly IndexedVariable[], ctx: StepContext): LossAndGradients;
  /** Frees anything the perturbation holds between steps. */
  dispose?(): void;
}
