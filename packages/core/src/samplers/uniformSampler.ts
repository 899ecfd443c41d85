import * as tf from '@tensorflow/tfjs-core';
import { hostUniforms } from '../random/hostNoise';
import { sizeOf } from './sizeOf';
import type { Sampler } from './sampler';

export type UniformSamplerConfig = { kind: 'uniform' };

/** Uniform on [-1, 1): variance 1/3. */
export class UniformSampler implements Sampler<UniformSamplerConfig> {
  readonly kind = 'uniform' as const;
  // `_step` is part of the Sampler contract; this distribution has no scheduled parameter,
  // and it is the same in every stream version.
  sample(shape: number[], seed: number, _step?: number): tf.Tensor {
    return tf.tidy(() => tf.sub(tf.mul(tf.tensor(hostUniforms(sizeOf(shape), seed), shape, 'float32'), 2), 1));
  }
  getConfig(): UniformSamplerConfig {
    return { kind: this.kind };
  }
}

export function uniformSampler(): UniformSampler {
  return new UniformSampler();
}
