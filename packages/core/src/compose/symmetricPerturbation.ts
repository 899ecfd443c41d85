import { MAGNITUDE_SCALES, SYMMETRIC_MODES, SymmetricPerturbation, type MagnitudeScale, type SymmetricMode } from '../optimizer/symmetricPerturbation';
import { ScheduledValue } from '../schedules/scheduleFromConfig';
import type { ScalarOrSchedule, ScalarOrScheduleConfig } from '../schedules/noiseSchedule';
import { checkOneOf, checkOptions } from '../validation';
import { perturbationPiece, type PerturbationPiece } from './piece';

export type SymmetricPerturbationOptions = {
  /** Magnitude `m_t`; default 0.01. */
  noise?: ScalarOrSchedule | ScalarOrScheduleConfig;
  /** Default `'two-point'`. */
  mode?: SymmetricMode;
  /** Default `'relative'`. */
  scale?: MagnitudeScale;
};

/** Symmetric weight noise (Sung et al. 2020, arXiv:2009.02479), as in `SymmetricSGD`. */
export function symmetricPerturbation(options?: SymmetricPerturbationOptions): PerturbationPiece {
  const owner = 'symmetricPerturbation';
  const o = checkOptions(owner, options, ['noise', 'mode', 'scale']);
  const noise = new ScheduledValue(owner, 'noise', o.noise ?? 0.01);
  const mode = checkOneOf(owner, 'mode', o.mode ?? 'two-point', SYMMETRIC_MODES);
  const scale = checkOneOf(owner, 'scale', o.scale ?? 'relative', MAGNITUDE_SCALES);
  return perturbationPiece('symmetric', new SymmetricPerturbation(noise, mode, scale), { noise: noise.toConfig(), mode, scale });
}
