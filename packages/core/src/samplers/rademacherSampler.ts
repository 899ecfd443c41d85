import * as tf from '@tensorflow/tfjs-core';
import type { Sampler } from './sampler';

export type RademacherSamplerConfig = { kind: 'rademacher' };

/** ±1 with probability ½ each: noise of fixed magnitude, random sign. */
export class RademacherSampler implements Sampler<RademacherSamplerConfig> {
  readonly kind = 'rademacher' as const;
  // `_step` is part of the Sampler contract; this distribution has no scheduled parameter.
  sample(shape: number[], seed: number, _step?: number): tf.Tensor {
    return tf.tidy(() => {
      const u = tf.randomUniform(shape, 0, 1, 'float32', seed);
      return tf.sub(tf.mul(tf.cast(tf.greaterEqual(u, 0.5), 'float32'), 2), 1);
    });
  }
  getConfig(): RademacherSamplerConfig {
    return { kind: this.kind };
  }
}

export function rademacherSampler(): RademacherSampler {
  return new RademacherSampler();
}
