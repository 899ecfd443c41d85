import type { ScheduleConfig } from './scheduleConfig';

/**
 * A hyperparameter as a pure function of the optimizer step.
 *
 * `value(t)` is what the schedule returns at step `t` (0 for the first
 * update); it is finite and, for every kind shipped here, >= 0. What the value
 * *means* is up to its user: as an optimizer's noise scale it is the standard
 * deviation (the factor that multiplies unit noise), never a variance. The
 * {@link annealedVarianceSchedule} preset follows that rule by returning
 * `sqrt(eta / (1 + t)^gamma)`.
 *
 * A schedule serializes to a plain JSON config (`getConfig`) and back
 * (`scheduleFromConfig`), so optimizers that hold one still save with a model.
 */
export interface NoiseSchedule<C extends ScheduleConfig = ScheduleConfig> {
  readonly kind: C['kind'];
  value(step: number): number;
  getConfig(): C;
}

/** Every time-varying hyperparameter takes either a number or a schedule. */
export type ScalarOrSchedule = number | NoiseSchedule;

/** What a config may hold where a {@link ScalarOrSchedule} goes. */
export type ScalarOrScheduleConfig = number | ScheduleConfig;

export function isNoiseSchedule(x: unknown): x is NoiseSchedule {
  return (
    typeof x === 'object' &&
    x !== null &&
    typeof (x as NoiseSchedule).value === 'function' &&
    typeof (x as NoiseSchedule).getConfig === 'function'
  );
}
