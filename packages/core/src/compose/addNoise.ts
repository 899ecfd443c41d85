import { AdditiveGradientNoise } from '../optimizer/additiveGradientNoise';
import { gaussianSampler } from '../samplers/gaussianSampler';
import type { Sampler } from '../samplers/sampler';
import type { SamplerConfig } from '../samplers/samplerConfig';
import { toSampler } from '../samplers/samplerFromConfig';
import { annealedVarianceSchedule } from '../schedules/annealedVarianceSchedule';
import { ScheduledValue } from '../schedules/scheduleFromConfig';
import type { ScalarOrSchedule, ScalarOrScheduleConfig } from '../schedules/noiseSchedule';
import { checkNumber, checkOptions } from '../validation';
import { transformPiece, type TransformPiece } from './piece';

export type AddNoiseOptions = {
  /** Scale (std for Gaussian) of the noise, a number or a schedule; default Neelakantan's `annealedVarianceSchedule({ eta: 0.01, gamma: 0.55 })`. */
  noise?: ScalarOrSchedule | ScalarOrScheduleConfig;
  /** Unit noise; default Gaussian. */
  sampler?: Sampler | SamplerConfig;
  /** Bound on each unit draw (in units of the scale); default `null`, none. */
  noiseClip?: number | null;
};

/**
 * `g + scale(t) · ε` (optax `add_noise`; Neelakantan et al. 2015,
 * arXiv:1511.06807): noise enters the gradient before the learning rate and any
 * preconditioner of the update.
 *
 * @example
 * ```ts
 * const opt = chain(addNoise({ noise: annealedVarianceSchedule({ eta: 0.3 }) }), optimizerUpdate(tf.train.adam(1e-3)));
 * ```
 */
export function addNoise(options?: AddNoiseOptions): TransformPiece {
  const owner = 'addNoise';
  const o = checkOptions(owner, options, ['noise', 'sampler', 'noiseClip'], { nullable: ['noiseClip'] });
  const noise = new ScheduledValue(owner, 'noise', o.noise ?? annealedVarianceSchedule({ eta: 0.01, gamma: 0.55 }));
  const sampler = toSampler(owner, 'sampler', o.sampler ?? gaussianSampler());
  const noiseClip = o.noiseClip == null ? null : checkNumber(owner, 'noiseClip', o.noiseClip, { min: 0, minExclusive: true });
  return transformPiece('add-noise', new AdditiveGradientNoise(noise, sampler, noiseClip), {
    noise: noise.toConfig(),
    sampler: sampler.getConfig(),
    noiseClip,
  });
}
