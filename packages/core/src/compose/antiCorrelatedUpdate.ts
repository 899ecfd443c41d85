import { checkOptions } from '../validation';
import { AntiCorrelatedUpdate } from '../optimizer/antiCorrelatedUpdate';
import { rademacherSampler } from '../samplers/rademacherSampler';
import type { Sampler } from '../samplers/sampler';
import type { SamplerConfig } from '../samplers/samplerConfig';
import { toSampler } from '../samplers/samplerFromConfig';
import { ScheduledValue } from '../schedules/scheduleFromConfig';
import type { ScalarOrSchedule, ScalarOrScheduleConfig } from '../schedules/noiseSchedule';
import { updatePiece, type UpdatePiece } from './piece';

export type AntiCorrelatedUpdateOptions = {
  /** Learning rate, a number or a schedule; default 0.01. */
  learningRate?: ScalarOrSchedule | ScalarOrScheduleConfig;
  /** σ_t, the weight-space scale of ξ (not multiplied by the learning rate); default 0.01. */
  noise?: ScalarOrSchedule | ScalarOrScheduleConfig;
  /** Unit draws of ξ; default Rademacher (±1, the paper's theory). */
  sampler?: Sampler | SamplerConfig;
};

/** Validated options of an anti-correlated update, as its config stores them. */
export function antiCorrelatedSettings(owner: string, options: AntiCorrelatedUpdateOptions | undefined) {
  const o = checkOptions(owner, options, ['learningRate', 'noise', 'sampler']);
  const learningRate = new ScheduledValue(owner, 'learningRate', o.learningRate ?? 0.01);
  const noise = new ScheduledValue(owner, 'noise', o.noise ?? 0.01);
  const sampler = toSampler(owner, 'sampler', o.sampler ?? rademacherSampler());
  return {
    update: new AntiCorrelatedUpdate(learningRate, noise, sampler),
    config: { learningRate: learningRate.toConfig(), noise: noise.toConfig(), sampler: sampler.getConfig() },
  };
}

/**
 * Anti-PGD's step (Orvieto et al., ICML 2022, arXiv:2202.02831):
 * `w ← w − lr ∇L(w) + (ξ_{t+1} − ξ_t)`, weight-space noise whose increments are anti-correlated.
 *
 * @example
 * ```ts
 * const opt = chain(clipByGlobalNorm({ maxNorm: 5 }), antiCorrelatedUpdate({ learningRate: 0.05, noise: 0.01 }));
 * ```
 */
export function antiCorrelatedUpdate(options?: AntiCorrelatedUpdateOptions): UpdatePiece {
  const { update, config } = antiCorrelatedSettings('antiCorrelatedUpdate', options);
  return updatePiece('anti-correlated', update, config);
}
