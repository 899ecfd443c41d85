import { LAYERWISE_MODES, LAYER_CHOICES, LayerwisePerturbation, type LayerChoice, type LayerwiseMode } from '../optimizer/layerwisePerturbation';
import { ScheduledValue } from '../schedules/scheduleFromConfig';
import type { ScalarOrSchedule, ScalarOrScheduleConfig } from '../schedules/noiseSchedule';
import { checkOneOf, checkOptions } from '../validation';
import { perturbationPiece, type PerturbationPiece } from './piece';

export type LayerwisePerturbationOptions = {
  /** Perturbation std σ_t; default 0.03. */
  noise?: ScalarOrSchedule | ScalarOrScheduleConfig;
  /** Default `'layer'`. */
  mode?: LayerwiseMode;
  /** Default `'cyclic'`. */
  choice?: LayerChoice;
};

/** Layer-wise perturbed gradients (Orvieto et al., AISTATS 2023, arXiv:2206.04613), as in `LayerwisePerturbedGD`. */
export function layerwisePerturbation(options?: LayerwisePerturbationOptions): PerturbationPiece {
  const owner = 'layerwisePerturbation';
  const o = checkOptions(owner, options, ['noise', 'mode', 'choice']);
  const noise = new ScheduledValue(owner, 'noise', o.noise ?? 0.03);
  const mode = checkOneOf(owner, 'mode', o.mode ?? 'layer', LAYERWISE_MODES);
  const choice = checkOneOf(owner, 'choice', o.choice ?? 'cyclic', LAYER_CHOICES);
  return perturbationPiece('layerwise', new LayerwisePerturbation(noise, mode, choice), { noise: noise.toConfig(), mode, choice });
}
