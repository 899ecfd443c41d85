import type * as tf from '@tensorflow/tfjs-core';
import type { GradientEntry, StepContext } from './stepContext';

/**
 * One stage of gradient processing before the base update (optax's
 * "gradient transformation"). Runs inside the optimizer's `tidy`; returns one
 * tensor per entry, in order, and may return the inputs unchanged.
 */
export interface GradientTransform {
  transform(gradients: tf.Tensor[], entries: readonly GradientEntry[], ctx: StepContext): tf.Tensor[];
}
