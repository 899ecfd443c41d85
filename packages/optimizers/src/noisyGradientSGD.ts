import * as tf from '@tensorflow/tfjs-core';
import {
  BASE_OPTION_KEYS,
  NoisyOptimizer,
  annealedVarianceSchedule,
  checkOptions,
  gaussianSampler,
  toSampler,
  type NoisyOptimizerBaseOptions,
  type NonFinitePolicy,
  type Sampler,
  type SamplerConfig,
  type ScalarOrScheduleConfig,
} from '@tfjs-noise/core';
import { GRADIENT_NOISE_OPTION_KEYS, gradientNoiseTransforms, type GradientNoiseSettings } from './gradientNoiseOptions';
import { SGD_OPTION_KEYS, sgdUpdate, type SgdConfig, type SgdOptions } from './sgdOptions';

export type NoisyGradientSGDOptions = SgdOptions &
  NoisyOptimizerBaseOptions &
  GradientNoiseSettings & {
    /** Unit noise distribution; default Gaussian. */
    sampler?: Sampler | SamplerConfig;
  };

export type NoisyGradientSGDConfig = SgdConfig & {
  noise: ScalarOrScheduleConfig;
  sampler: SamplerConfig;
  clipNorm: number | null;
  seed: number;
  nonFinite: NonFinitePolicy;
};

/**
 * SGD with annealed Gaussian gradient noise (Neelakantan et al. 2015,
 * "Adding Gradient Noise Improves Learning for Very Deep Networks",
 * arXiv:1511.06807):
 *
 * `g̃ = clip(g) + σ_t ε`, `ε ~ N(0, I)`, then `w ← w − lr · g̃` (or the momentum
 * / Nesterov form). The noise enters after clipping and before the learning
 * rate. The default `noise` is the paper's annealed schedule, variance
 * `0.01 / (1 + t)^0.55`. With noise 0 it matches `tf.train.sgd` / `tf.train.momentum`.
 *
 * Cost: one pass per step, no extra persistent memory without momentum
 * (one buffer per weight with it), one noise draw per weight per step.
 *
 * @example
 * ```ts
 * const opt = new NoisyGradientSGD({ learningRate: 0.1, clipNorm: 10, seed: 42 });
 * model.compile({ optimizer: opt, loss: 'categoricalCrossentropy' });
 * await model.fit(xs, ys, { epochs: 5 });
 * ```
 */
export class NoisyGradientSGD extends NoisyOptimizer {
  static get className(): string {
    return 'NoisyGradientSGD';
  }

  constructor(options?: NoisyGradientSGDOptions) {
    const o = checkOptions('NoisyGradientSGD', options, [...SGD_OPTION_KEYS, ...GRADIENT_NOISE_OPTION_KEYS, ...BASE_OPTION_KEYS, 'sampler'], {
      nullable: ['clipNorm'],
    });
    super(o);
    const owner = this.getClassName();
    const { update, config: sgd } = sgdUpdate(owner, o);
    const sampler = toSampler(owner, 'sampler', o.sampler ?? gaussianSampler());
    const noise = gradientNoiseTransforms(owner, o, sampler, annealedVarianceSchedule({ eta: 0.01, gamma: 0.55 }));
    this.compose({ transforms: noise.transforms, update }, { ...sgd, ...noise.config, sampler: sampler.getConfig() });
  }
}

tf.serialization.registerClass(NoisyGradientSGD);
