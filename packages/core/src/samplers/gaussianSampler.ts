import * as tf from '@tensorflow/tfjs-core';
import { normalArray } from '../random/counterRandom';
import { hostNormals } from '../random/hostNoise';
import { CURRENT_NOISE_STREAM_VERSION, type NoiseStreamVersion } from '../random/streamVersion';
import { sizeOf } from './sizeOf';
import type { Sampler } from './sampler';

export type GaussianSamplerConfig = { kind: 'gaussian' };

/**
 * Standard normal noise, N(0, 1) per element. Stream version 2 draws by
 * Box–Muller on the host noise module; version 1 by the polar method.
 */
export class GaussianSampler implements Sampler<GaussianSamplerConfig> {
  readonly kind = 'gaussian' as const;
  // `_step` is part of the Sampler contract; this distribution has no scheduled parameter.
  sample(shape: number[], seed: number, _step?: number, streamVersion: NoiseStreamVersion = CURRENT_NOISE_STREAM_VERSION): tf.Tensor {
    const n = sizeOf(shape);
    return tf.tensor(streamVersion === 1 ? normalArray(n, seed) : hostNormals(n, seed), shape, 'float32');
  }
  getConfig(): GaussianSamplerConfig {
    return { kind: this.kind };
  }
}

export function gaussianSampler(): GaussianSampler {
  return new GaussianSampler();
}
