import * as tf from '@tensorflow/tfjs-core';
import {
  AlphaStableSampler,
  BASE_OPTION_KEYS,
  NoisyOptimizer,
  checkNumber,
  checkOptions,
  type NoisyOptimizerBaseOptions,
  type NonFinitePolicy,
  type ScalarOrSchedule,
  type ScalarOrScheduleConfig,
} from '@tfjs-noise/core';
import { GRADIENT_NOISE_OPTION_KEYS, gradientNoiseTransforms, type GradientNoiseSettings } from './gradientNoiseOptions';
import { SGD_OPTION_KEYS, sgdUpdate, type SgdConfig, type SgdOptions } from './sgdOptions';

export type AlphaStableNoiseSGDOptions = SgdOptions &
  NoisyOptimizerBaseOptions &
  GradientNoiseSettings & {
    /**
     * Stability index in (0, 2], a number or a schedule; default 1.5. Smaller
     * is heavier-tailed; 2 is Gaussian (of variance 2c², not c²), 1 is Cauchy.
     */
    alpha?: ScalarOrSchedule | ScalarOrScheduleConfig;
    /**
     * Bound on each unit draw, so each noise element is at most
     * `noiseClip · c_t` in magnitude; `null` for none. Default 10. For α < 2
     * the noise has infinite variance: unclipped, single draws can be huge.
     */
    noiseClip?: number | null;
  };

export type AlphaStableNoiseSGDConfig = SgdConfig & {
  alpha: ScalarOrScheduleConfig;
  noise: ScalarOrScheduleConfig;
  noiseClip: number | null;
  clipNorm: number | null;
  seed: number;
  nonFinite: NonFinitePolicy;
};

/**
 * SGD with heavy-tailed gradient noise: `g̃ = clip(g) + c_t · S_α(t)`,
 * elementwise symmetric α-stable noise (Şimşekli et al. 2019; Yuan, Li,
 * Kuruoglu 2023; AHTSGD 2025), drawn by Chambers–Mallows–Stuck.
 *
 * `noise` is the scale `c_t`, not a standard deviation (for α < 2 there is
 * none); default 0.01. `alpha` may follow a schedule, e.g. heavier tails early
 * and α → 2 later. Each unit draw is clipped to ±`noiseClip` (default 10), and
 * a step whose update is not finite never reaches the weights (`nonFinite`:
 * `'skip'` by default, counted on the device and saved, or `'throw'`).
 *
 * Cost: one pass per step; the α-stable draw takes two uniforms and about ten
 * elementwise ops per weight.
 *
 * @example
 * ```ts
 * const opt = new AlphaStableNoiseSGD({
 *   learningRate: 0.05,
 *   alpha: linearSchedule({ initial: 1.2, final: 2, steps: 5000 }),
 *   noise: 0.01,
 * });
 * ```
 */
export class AlphaStableNoiseSGD extends NoisyOptimizer {
  static get className(): string {
    return 'AlphaStableNoiseSGD';
  }
  readonly sampler: AlphaStableSampler;

  constructor(options?: AlphaStableNoiseSGDOptions) {
    const o = checkOptions('AlphaStableNoiseSGD', options, [...SGD_OPTION_KEYS, ...GRADIENT_NOISE_OPTION_KEYS, ...BASE_OPTION_KEYS, 'alpha', 'noiseClip'], {
      nullable: ['clipNorm', 'noiseClip'],
    });
    super(o);
    const owner = this.getClassName();
    const { update, config: sgd } = sgdUpdate(owner, o);
    const noiseClip = o.noiseClip === null ? null : checkNumber(owner, 'noiseClip', o.noiseClip ?? 10, { min: 0, minExclusive: true });
    this.sampler = new AlphaStableSampler(o.alpha ?? 1.5);
    const noise = gradientNoiseTransforms(owner, o, this.sampler, 0.01, noiseClip);
    this.compose({ transforms: noise.transforms, update }, { ...sgd, alpha: this.sampler.alpha.toConfig(), ...noise.config, noiseClip });
  }
}

tf.serialization.registerClass(AlphaStableNoiseSGD);
