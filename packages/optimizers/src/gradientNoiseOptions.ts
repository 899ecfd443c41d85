import {
  AdditiveGradientNoise,
  GlobalNormClip,
  ScheduledValue,
  type GradientTransform,
  type Sampler,
  type ScalarOrSchedule,
  type ScalarOrScheduleConfig,
} from '@tfjs-noise/core';

/** Options of every optimizer that adds noise to the gradient. */
export type GradientNoiseSettings = {
  /** Scale (standard deviation for Gaussian noise) of the gradient noise, a number or a schedule. */
  noise?: ScalarOrSchedule | ScalarOrScheduleConfig;
  /** Clip gradients to this global L2 norm before the noise is added; default none. */
  clipNorm?: number | null;
};

/** The keys of {@link GradientNoiseSettings}; `clipNorm: null` means "no clipping". */
export const GRADIENT_NOISE_OPTION_KEYS = ['noise', 'clipNorm'] as const;

/**
 * The gradient stages shared by NoisyGradientSGD, GradientNoise and
 * AlphaStableNoiseSGD: optional global-norm clipping, then `g + scale(t)·ε`.
 */
export function gradientNoiseTransforms(
  owner: string,
  o: GradientNoiseSettings,
  sampler: Sampler,
  defaultNoise: ScalarOrSchedule,
  noiseClip: number | null = null,
): { transforms: GradientTransform[]; config: { noise: ScalarOrScheduleConfig; clipNorm: number | null } } {
  const noise = new ScheduledValue(owner, 'noise', o.noise ?? defaultNoise);
  const clip = o.clipNorm == null ? null : new GlobalNormClip(owner, o.clipNorm);
  return {
    transforms: [...(clip ? [clip] : []), new AdditiveGradientNoise(noise, sampler, noiseClip)],
    config: { noise: noise.toConfig(), clipNorm: clip?.maxNorm ?? null },
  };
}
