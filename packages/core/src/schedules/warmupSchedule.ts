import { checkNumber, checkOptions } from '../validation';
import type { NoiseSchedule } from './noiseSchedule';
import type { ScheduleConfig } from './scheduleConfig';
import { toSchedule } from './scheduleFromConfig';
import { checkStep } from './stepCheck';

export type WarmupScheduleConfig = { kind: 'warmup'; steps: number; initial: number; after: ScheduleConfig };
export type WarmupScheduleOptions = {
  /** Length of the ramp; the wrapped schedule starts (at its own step 0) after it. */
  steps: number;
  /** Schedule that takes over after the ramp. */
  after: NoiseSchedule | ScheduleConfig | number;
  /** Value at step 0. Default 0. */
  initial?: number;
};

/** A linear ramp from `initial` to `after.value(0)` over `steps`, then `after` shifted by `steps`. */
export class WarmupSchedule implements NoiseSchedule<WarmupScheduleConfig> {
  readonly kind = 'warmup' as const;
  readonly steps: number;
  readonly initial: number;
  readonly after: NoiseSchedule;
  constructor(options: WarmupScheduleOptions) {
    const o = checkOptions('warmup schedule', options, ['steps', 'after', 'initial', 'kind']);
    this.steps = checkNumber('warmup schedule', 'steps', o.steps, { min: 1, integer: true });
    this.initial = checkNumber('warmup schedule', 'initial', o.initial ?? 0, { min: 0 });
    this.after = toSchedule('warmup schedule', 'after', o.after);
  }
  value(step: number): number {
    checkStep(this.kind, step);
    if (step >= this.steps) return this.after.value(step - this.steps);
    return this.initial + ((this.after.value(0) - this.initial) * step) / this.steps;
  }
  getConfig(): WarmupScheduleConfig {
    return { kind: this.kind, steps: this.steps, initial: this.initial, after: this.after.getConfig() };
  }
}

export function warmupSchedule(options: WarmupScheduleOptions): WarmupSchedule {
  return new WarmupSchedule(options);
}
