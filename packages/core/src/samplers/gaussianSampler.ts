import * as tf from '@tensorflow/tfjs-core';
import { normalArray } from '../random/counterRandom';
import { sizeOf } from './sizeOf';
import type { Sampler } from './sampler';

export type GaussianSamplerConfig = { kind: 'gaussian' };

/** Standard normal noise, N(0, 1) per element. */
export class GaussianSampler implements Sampler<GaussianSamplerConfig> {
  readonly kind = 'gaussian' as const;
  // `_step` is part of the Sampler contract; this distribution has no scheduled parameter.
  sample(shape: number[], seed: number, _step?: number): tf.Tensor {
    return tf.tensor(normalArray(sizeOf(shape), seed), shape, 'float32');
  }
  getConfig(): GaussianSamplerConfig {
    return { kind: this.kind };
  }
}

export function gaussianSampler(): GaussianSampler {
  return new GaussianSampler();
}
