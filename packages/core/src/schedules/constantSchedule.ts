import { checkNumber } from '../validation';
import type { NoiseSchedule } from './noiseSchedule';
import { checkStep } from './stepCheck';

export type ConstantScheduleConfig = { kind: 'constant'; value: number };

/** The same value at every step. */
export class ConstantSchedule implements NoiseSchedule<ConstantScheduleConfig> {
  readonly kind = 'constant' as const;
  readonly constant: number;
  constructor(value: number) {
    this.constant = checkNumber('constant schedule', 'value', value, { min: 0 });
  }
  value(step: number): number {
    checkStep(this.kind, step);
    return this.constant;
  }
  getConfig(): ConstantScheduleConfig {
    return { kind: this.kind, value: this.constant };
  }
}

export function constantSchedule(value: number): ConstantSchedule {
  return new ConstantSchedule(value);
}
