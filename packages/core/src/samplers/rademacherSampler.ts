import * as tf from '@tensorflow/tfjs-core';
import { hostSigns } from '../random/hostNoise';
import { sizeOf } from './sizeOf';
import type { Sampler } from './sampler';

export type RademacherSamplerConfig = { kind: 'rademacher' };

/** ±1 with probability ½ each: noise of fixed magnitude, random sign. */
export class RademacherSampler implements Sampler<RademacherSamplerConfig> {
  readonly kind = 'rademacher' as const;
  // `_step` is part of the Sampler contract; this distribution has no scheduled parameter,
  // and it is the same in every stream version.
  sample(shape: number[], seed: number, _step?: number): tf.Tensor {
    return tf.tensor(hostSigns(sizeOf(shape), seed), shape, 'float32');
  }
  getConfig(): RademacherSamplerConfig {
    return { kind: this.kind };
  }
}

export function rademacherSampler(): RademacherSampler {
  return new RademacherSampler();
}
