import { checkNumber, checkOptions } from '../validation';
import type { NoiseSchedule } from './noiseSchedule';
import { checkStep } from './stepCheck';

export type LinearScheduleConfig = { kind: 'linear'; initial: number; final: number; steps: number };
export type LinearScheduleOptions = { initial: number; final: number; steps: number };

/** A straight line from `initial` at step 0 to `final` at `steps`, then `final`. */
export class LinearSchedule implements NoiseSchedule<LinearScheduleConfig> {
  readonly kind = 'linear' as const;
  readonly initial: number;
  readonly final: number;
  readonly steps: number;
  constructor(options: LinearScheduleOptions) {
    const o = checkOptions('linear schedule', options, ['initial', 'final', 'steps', 'kind']);
    this.initial = checkNumber('linear schedule', 'initial', o.initial, { min: 0 });
    this.final = checkNumber('linear schedule', 'final', o.final, { min: 0 });
    this.steps = checkNumber('linear schedule', 'steps', o.steps, { min: 1, integer: true });
  }
  value(step: number): number {
    checkStep(this.kind, step);
    if (step >= this.steps) return this.final;
    return this.initial + ((this.final - this.initial) * step) / this.steps;
  }
  getConfig(): LinearScheduleConfig {
    return { kind: this.kind, initial: this.initial, final: this.final, steps: this.steps };
  }
}

export function linearSchedule(options: LinearScheduleOptions): LinearSchedule {
  return new LinearSchedule(options);
}
