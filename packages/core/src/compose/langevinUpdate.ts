import { LangevinUpdate } from '../optimizer/langevinUpdate';
import { ScheduledValue } from '../schedules/scheduleFromConfig';
import type { ScalarOrSchedule, ScalarOrScheduleConfig } from '../schedules/noiseSchedule';
import { checkBoolean, checkNumber, checkOptions } from '../validation';
import { updatePiece, type UpdatePiece } from './piece';

export type LangevinUpdateOptions = {
  /** Step size lr_t, a number or a schedule (often `polynomialDecay`, `a(b + t)^−γ`); default 1e-3. */
  learningRate?: ScalarOrSchedule | ScalarOrScheduleConfig;
  /** Temperature T_t, a number or a schedule; default 1 (the posterior). */
  temperature?: ScalarOrSchedule | ScalarOrScheduleConfig;
  /** pSGLD's RMSProp-style preconditioner; default false. */
  preconditioned?: boolean;
  /** pSGLD's decay of the squared-gradient average, in [0, 1); default 0.99. */
  beta?: number;
  /** pSGLD's λ in `G = 1/(λ + √V)`, > 0; default 1e-5. */
  epsilon?: number;
};

/** Validated options of a Langevin update, as its config stores them. */
export function langevinSettings(owner: string, options: LangevinUpdateOptions | undefined) {
  const o = checkOptions(owner, options, ['learningRate', 'temperature', 'preconditioned', 'beta', 'epsilon']);
  const learningRate = new ScheduledValue(owner, 'learningRate', o.learningRate ?? 1e-3);
  const temperature = new ScheduledValue(owner, 'temperature', o.temperature ?? 1);
  const preconditioned = checkBoolean(owner, 'preconditioned', o.preconditioned ?? false);
  const beta = checkNumber(owner, 'beta', o.beta ?? 0.99, { min: 0, max: 1, maxExclusive: true });
  const epsilon = checkNumber(owner, 'epsilon', o.epsilon ?? 1e-5, { min: 0, minExclusive: true });
  return {
    update: new LangevinUpdate(learningRate, temperature, preconditioned ? { beta, epsilon } : null),
    config: { learningRate: learningRate.toConfig(), temperature: temperature.toConfig(), preconditioned, beta, epsilon },
  };
}

/**
 * The SGLD step (Welling & Teh 2011) or, with `preconditioned: true`, pSGLD
 * (Li et al. 2016, arXiv:1512.07666): `w ← w − lr ∇U + √(2 lr T) ε`.
 *
 * @example
 * ```ts
 * const opt = chain(langevinUpdate({ learningRate: polynomialDecay({ scale: 1e-3, power: 0.55 }), temperature: 1 / n }));
 * ```
 */
export function langevinUpdate(options?: LangevinUpdateOptions): UpdatePiece {
  const { update, config } = langevinSettings('langevinUpdate', options);
  return updatePiece('langevin', update, config);
}
