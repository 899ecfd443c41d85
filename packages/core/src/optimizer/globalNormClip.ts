import * as tf from '@tensorflow/tfjs-core';
import { checkNumber } from '../validation';
import type { GradientTransform } from './gradientTransform';

/**
 * Scales all gradients of a step together so that their global L2 norm is at
 * most `maxNorm` (Neelakantan et al. clip at 10). Comes before gradient noise:
 * the noise is not clipped away.
 */
export class GlobalNormClip implements GradientTransform {
  readonly maxNorm: number;
  constructor(owner: string, maxNorm: number) {
    this.maxNorm = checkNumber(owner, 'clipNorm', maxNorm, { min: 0, minExclusive: true });
  }
  transform(gradients: tf.Tensor[]): tf.Tensor[] {
    if (gradients.length === 0) return gradients;
    const squares = gradients.map((g) => tf.sum(tf.square(g)));
    const norm = tf.sqrt(tf.addN(squares));
    // min(1, maxNorm / norm), written so that norm = 0 gives 1, not NaN.
    const factor = tf.div(this.maxNorm, tf.maximum(norm, this.maxNorm));
    return gradients.map((g) => tf.mul(g, factor));
  }
}
