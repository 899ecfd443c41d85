import type * as tf from '@tensorflow/tfjs-core';
import type { NoiseStreamVersion } from '../random/streamVersion';
import type { SamplerConfig } from './samplerConfig';

/**
 * A source of unit-scale noise built from tf ops, so it runs on every backend.
 *
 * "Unit scale" is each distribution's natural scale parameter set to 1:
 * Gaussian std 1, Rademacher ±1, uniform on [-1, 1), alpha-stable scale 1
 * (which at alpha = 2 is a Gaussian of variance 2). Optimizers multiply by
 * their scheduled scale.
 *
 * `sample` is a pure function of (shape, seed, step): the same arguments give
 * the same tensor. `step` matters only to samplers whose parameters follow a
 * schedule (alpha-stable with a scheduled alpha). `streamVersion` selects the
 * generator (see {@link NoiseStreamVersion}); omitted, the current one.
 */
export interface Sampler<C extends SamplerConfig = SamplerConfig> {
  readonly kind: C['kind'];
  sample(shape: number[], seed: number, step: number, streamVersion?: NoiseStreamVersion): tf.Tensor;
  getConfig(): C;
}
