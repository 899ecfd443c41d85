import { SharpnessAwarePerturbation } from '../optimizer/sharpnessAwarePerturbation';
import { ScheduledValue } from '../schedules/scheduleFromConfig';
import type { ScalarOrSchedule, ScalarOrScheduleConfig } from '../schedules/noiseSchedule';
import { checkNumber, checkOptions } from '../validation';
import { perturbationPiece, type PerturbationPiece } from './piece';

export type SamPerturbationOptions = {
  /** Neighbourhood radius ρ, a number or a schedule; default 0.05 (Foret et al.). */
  rho?: ScalarOrSchedule | ScalarOrScheduleConfig;
};

export type AsamPerturbationOptions = {
  /** Radius ρ of the weight-scaled neighbourhood; default 0.5 (Kwon et al. use 0.5–2 with SGD). */
  rho?: ScalarOrSchedule | ScalarOrScheduleConfig;
  /** η in `T_w = |w| + η`; default 0.01. */
  eta?: number;
};

/**
 * SAM's ascent step as a composable perturbation (Foret, Kleiner, Mobahi,
 * Neyshabur, ICLR 2021, arXiv:2010.01412): the gradient is taken at
 * `w + ρ g/‖g‖` and the update applies to `w`. Two passes per step.
 *
 * @example
 * ```ts
 * const opt = chain(samPerturbation({ rho: 0.05 }), optimizerUpdate(tf.train.adam(1e-3)));
 * ```
 */
export function samPerturbation(options?: SamPerturbationOptions): PerturbationPiece {
  const o = checkOptions('samPerturbation', options, ['rho']);
  const rho = new ScheduledValue('samPerturbation', 'rho', o.rho ?? 0.05);
  return perturbationPiece('sam', new SharpnessAwarePerturbation(rho, null), { rho: rho.toConfig() });
}

/**
 * ASAM's adaptive ascent step (Kwon, Kim, Park, Choi, ICML 2021,
 * arXiv:2102.11600): `e = ρ T_w² g / ‖T_w g‖`, `T_w = |w| + η`. Two passes per step.
 *
 * @example
 * ```ts
 * const opt = chain(asamPerturbation({ rho: 0.5 }), sgdUpdate({ learningRate: 0.1, momentum: 0.9 }));
 * ```
 */
export function asamPerturbation(options?: AsamPerturbationOptions): PerturbationPiece {
  const o = checkOptions('asamPerturbation', options, ['rho', 'eta']);
  const rho = new ScheduledValue('asamPerturbation', 'rho', o.rho ?? 0.5);
  const eta = checkNumber('asamPerturbation', 'eta', o.eta ?? 0.01, { min: 0 });
  return perturbationPiece('asam', new SharpnessAwarePerturbation(rho, eta), { rho: rho.toConfig(), eta });
}
