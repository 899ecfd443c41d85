import * as tf from '@tensorflow/tfjs-core';
import {
  BASE_OPTION_KEYS,
  InvalidOptionError,
  annealedVarianceSchedule,
  checkOptions,
  gaussianSampler,
  isOptimizer,
  toSampler,
  type NoisyOptimizerBaseOptions,
  type NonFinitePolicy,
  type Sampler,
  type SamplerConfig,
  type ScalarOrScheduleConfig,
  type WrappedOptimizerConfig,
} from '@tfjs-noise/core';
import { WrappingOptimizer } from './wrappingOptimizer';
import { GRADIENT_NOISE_OPTION_KEYS, gradientNoiseTransforms, type GradientNoiseSettings } from './gradientNoiseOptions';

export type GradientNoiseOptions = NoisyOptimizerBaseOptions &
  GradientNoiseSettings & {
    /** Unit noise distribution; default Gaussian. */
    sampler?: Sampler | SamplerConfig;
  };

export type GradientNoiseConfig = {
  optimizer: WrappedOptimizerConfig;
  noise: ScalarOrScheduleConfig;
  sampler: SamplerConfig;
  clipNorm: number | null;
  seed: number;
  nonFinite: NonFinitePolicy;
};

const GRADIENT_NOISE_WRAPPER_KEYS = ['optimizer', ...GRADIENT_NOISE_OPTION_KEYS, ...BASE_OPTION_KEYS, 'sampler'];


/**
 * Adds gradient noise to any tfjs optimizer (Adam, RMSProp, …): gradients are
 * clipped (optionally), noise `σ_t ε` is added, and the result goes to the
 * wrapped optimizer, whose own update, state and serialization stay intact.
 * Neelakantan et al. used Adam for most of their experiments.
 *
 * The wrapper takes ownership of the wrapped optimizer: `dispose()` disposes both.
 *
 * @example
 * ```ts
 * const opt = withGradientNoise(tf.train.adam(1e-3), { noise: annealedVarianceSchedule({ eta: 0.3 }) });
 * model.compile({ optimizer: opt, loss: 'meanSquaredError' });
 * ```
 */
export class GradientNoise extends WrappingOptimizer {
  static get className(): string {
    return 'GradientNoise';
  }

  constructor(options: GradientNoiseOptions & { optimizer: tf.Optimizer | WrappedOptimizerConfig }) {
    const o = checkOptions('GradientNoise', options, GRADIENT_NOISE_WRAPPER_KEYS, { nullable: ['clipNorm'] });
    super(o, o.optimizer);
    const owner = this.getClassName();
    const sampler = toSampler(owner, 'sampler', o.sampler ?? gaussianSampler());
    const noise = gradientNoiseTransforms(owner, o, sampler, annealedVarianceSchedule({ eta: 0.01, gamma: 0.55 }));
    const optimizer: WrappedOptimizerConfig = { className: this.inner.getClassName(), config: this.inner.getConfig() };
    this.compose(
      { transforms: noise.transforms, update: this.delegate },
      { optimizer, ...noise.config, sampler: sampler.getConfig() },
    );
  }
}

tf.serialization.registerClass(GradientNoise);

/** `new GradientNoise({ optimizer, ...options })`. */
export function withGradientNoise(optimizer: tf.Optimizer, options: GradientNoiseOptions = {}): GradientNoise {
  if (!isOptimizer(optimizer)) {
    throw new InvalidOptionError('withGradientNoise', 'optimizer', optimizer, 'a tf.Optimizer such as tf.train.adam(0.001)');
  }
  const o = checkOptions('withGradientNoise', options, GRADIENT_NOISE_WRAPPER_KEYS.filter((k) => k !== 'optimizer'), { nullable: ['clipNorm'] });
  return new GradientNoise({ ...o, optimizer });
}
