import * as tf from '@tensorflow/tfjs-core';
import { GaussianSampler } from '../samplers/gaussianSampler';
import { checkNumber } from '../validation';
import { SeededNoiseLayer, type SeededNoiseLayerArgs } from './seededNoiseLayer';

export type SeededGaussianNoiseArgs = SeededNoiseLayerArgs & {
  /** Standard deviation of the added noise (>= 0). */
  stddev: number;
};

const gaussian = new GaussianSampler();

/**
 * `x + N(0, stddev²)` in training, identity at inference: tfjs's
 * `GaussianNoise`, but seeded and reproducible. Registered as
 * `SeededGaussianNoise` so it never shadows tfjs's own class.
 *
 * @example
 * ```ts
 * model.add(new SeededGaussianNoise({ stddev: 0.1, seed: 1, inputShape: [784] }));
 * ```
 */
export class SeededGaussianNoise extends SeededNoiseLayer {
  static className = 'SeededGaussianNoise';
  readonly stddev: number;

  constructor(args: SeededGaussianNoiseArgs) {
    super(args);
    this.stddev = checkNumber('SeededGaussianNoise', 'stddev', args?.stddev, { min: 0 });
  }

  protected noise(shape: number[], seed: number): tf.Tensor {
    return tf.mul(gaussian.sample(shape, seed), this.stddev);
  }

  protected noiseConfig(): tf.serialization.ConfigDict {
    return { stddev: this.stddev };
  }
}

tf.serialization.registerClass(SeededGaussianNoise);
