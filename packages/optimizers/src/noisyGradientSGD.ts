import * as tf from '@tensorflow/tfjs-core';
import {
  AdditiveGradientNoise,
  NoisyOptimizer,
  ScheduledValue,
  annealedVarianceSchedule,
  checkOptions,
  gaussianSampler,
  toSampler,
  type GradientTransform,
  type NoisyOptimizerBaseOptions,
  type NonFinitePolicy,
  type Sampler,
  type SamplerConfig,
  type ScalarOrSchedule,
  type ScalarOrScheduleConfig,
} from '@tfjs-noise/core';
import { clipTransform, sgdUpdate, type SgdConfig, type SgdOptions } from './sgdOptions';

export type NoisyGradientSGDOptions = SgdOptions &
  NoisyOptimizerBaseOptions & {
    /**
     * Standard deviation of the gradient noise, a number or a schedule.
     * Default: Neelakantan et al.'s annealed schedule, variance
     * `0.01 / (1 + t)^0.55` (std `sqrt` of that).
     */
    noise?: ScalarOrSchedule | ScalarOrScheduleConfig;
    /** Unit noise distribution; default Gaussian. */
    sampler?: Sampler | SamplerConfig;
    /** Clip gradients to this global L2 norm before the noise is added; default none. */
    clipNorm?: number | null;
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
 * rate. With noise 0 it matches `tf.train.sgd` / `tf.train.momentum`.
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
  private readonly config: NoisyGradientSGDConfig;

  constructor(options?: NoisyGradientSGDOptions) {
    const o = checkOptions('NoisyGradientSGD', options);
    super(o);
    const owner = this.getClassName();
    const { update, config: sgd } = sgdUpdate(owner, o);
    const noise = new ScheduledValue(owner, 'noise', o.noise ?? annealedVarianceSchedule({ eta: 0.01, gamma: 0.55 }));
    const sampler = toSampler(owner, 'sampler', o.sampler ?? gaussianSampler());
    const clip = clipTransform(owner, o.clipNorm);
    const transforms: GradientTransform[] = [...(clip ? [clip] : []), new AdditiveGradientNoise(noise, sampler)];
    this.compose({ transforms, update });
    this.config = {
      ...sgd,
      noise: noise.toConfig(),
      sampler: sampler.getConfig(),
      clipNorm: clip?.maxNorm ?? null,
      seed: this.seed,
      nonFinite: this.nonFinite,
    };
  }

  override getConfig(): tf.serialization.ConfigDict {
    return structuredClone(this.config);
  }
}

tf.serialization.registerClass(NoisyGradientSGD);
