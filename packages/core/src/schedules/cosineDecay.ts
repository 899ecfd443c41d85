import { checkNumber, checkOptions } from '../validation';
import type { NoiseSchedule } from './noiseSchedule';
import { checkStep } from './stepCheck';

export type CosineDecayConfig = { kind: 'cosine'; initial: number; final: number; decaySteps: number };
export type CosineDecayOptions = { initial: number; decaySteps: number; final?: number };

/** Half a cosine from `initial` at step 0 to `final` at `decaySteps`, then `final`. */
export class CosineDecay implements NoiseSchedule<CosineDecayConfig> {
  readonly kind = 'cosine' as const;
  readonly initial: number;
  readonly final: number;
  readonly decaySteps: number;
  constructor(options: CosineDecayOptions) {
    const o = checkOptions('cosine schedule', options, ['initial', 'final', 'decaySteps', 'kind']);
    this.initial = checkNumber('cosine schedule', 'initial', o.initial, { min: 0 });
    this.final = checkNumber('cosine schedule', 'final', o.final ?? 0, { min: 0 });
    this.decaySteps = checkNumber('cosine schedule', 'decaySteps', o.decaySteps, { min: 1, integer: true });
  }
  value(step: number): number {
    checkStep(this.kind, step);
    if (step >= this.decaySteps) return this.final;
    const cos = 0.5 * (1 + Math.cos((Math.PI * step) / this.decaySteps));
    return this.final + (this.initial - this.final) * cos;
  }
  getConfig(): CosineDecayConfig {
    return { kind: this.kind, initial: this.initial, final: this.final, decaySteps: this.decaySteps };
  }
}

export function cosineDecay(options: CosineDecayOptions): CosineDecay {
  return new CosineDecay(options);
}
