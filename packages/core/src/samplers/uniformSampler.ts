import * as tf from '@tensorflow/tfjs-core';
import type { Sampler } from './sampler';

export type UniformSamplerConfig = { kind: 'uniform' };

/** Uniform on [-1, 1): variance 1/3. */
export class UniformSampler implements Sampler<UniformSamplerConfig> {
  readonly kind = 'uniform' as const;
  // `_step` is part of the Sampler contract; this distribution has no scheduled parameter.
  sample(shape: number[], seed: number, _step?: number): tf.Tensor {
    return tf.randomUniform(shape, -1, 1, 'float32', seed);
  }
  getConfig(): UniformSamplerConfig {
    return { kind: this.kind };
  }
}

export function uniformSampler(): UniformSampler {
  return new UniformSampler();
}
