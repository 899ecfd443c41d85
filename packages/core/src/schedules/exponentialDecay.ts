import { checkBoolean, checkNumber, checkOptions } from '../validation';
import type { NoiseSchedule } from './noiseSchedule';
import { checkStep } from './stepCheck';

export type ExponentialDecayConfig = {
  kind: 'exponential';
  initial: number;
  rate: number;
  decaySteps: number;
  staircase: boolean;
};
export type ExponentialDecayOptions = {
  initial: number;
  /** Factor applied every `decaySteps` steps (> 0; below 1 decays). */
  rate: number;
  decaySteps?: number;
  /** Apply the factor in whole jumps instead of smoothly. */
  staircase?: boolean;
};

/** `initial * rate^(t / decaySteps)`, optionally with `floor(t / decaySteps)`. */
export class ExponentialDecay implements NoiseSchedule<ExponentialDecayConfig> {
  readonly kind = 'exponential' as const;
  readonly initial: number;
  readonly rate: number;
  readonly decaySteps: number;
  readonly staircase: boolean;
  constructor(options: ExponentialDecayOptions) {
    const o = checkOptions('exponential schedule', options, ['initial', 'rate', 'decaySteps', 'staircase', 'kind']);
    this.initial = checkNumber('exponential schedule', 'initial', o.initial, { min: 0 });
    this.rate = checkNumber('exponential schedule', 'rate', o.rate, { min: 0, minExclusive: true });
    this.decaySteps = checkNumber('exponential schedule', 'decaySteps', o.decaySteps ?? 1, { min: 1, integer: true });
    this.staircase = checkBoolean('exponential schedule', 'staircase', o.staircase ?? false);
  }
  value(step: number): number {
    checkStep(this.kind, step);
    const periods = step / this.decaySteps;
    return this.initial * Math.pow(this.rate, this.staircase ? Math.floor(periods) : periods);
  }
  getConfig(): ExponentialDecayConfig {
    return {
      kind: this.kind,
      initial: this.initial,
      rate: this.rate,
      decaySteps: this.decaySteps,
      staircase: this.staircase,
    };
  }
}

export function exponentialDecay(options: ExponentialDecayOptions): ExponentialDecay {
  return new ExponentialDecay(options);
}
