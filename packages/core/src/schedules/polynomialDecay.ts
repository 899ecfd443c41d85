import { checkNumber, checkOptions } from '../validation';
import type { NoiseSchedule } from './noiseSchedule';
import { checkStep } from './stepCheck';

export type PolynomialDecayConfig = { kind: 'polynomial'; scale: number; power: number; offset: number };
export type PolynomialDecayOptions = {
  /** `a` in `a / (b + t)^p`. */
  scale: number;
  /** `p` in `a / (b + t)^p`; 0 gives a constant. */
  power: number;
  /** `b` in `a / (b + t)^p`; default 1 so that step 0 gives `a`. */
  offset?: number;
};

/** `scale / (offset + t)^power`: the classic annealing used by SGLD and Neelakantan et al. */
export class PolynomialDecay implements NoiseSchedule<PolynomialDecayConfig> {
  readonly kind = 'polynomial' as const;
  readonly scale: number;
  readonly power: number;
  readonly offset: number;
  constructor(options: PolynomialDecayOptions) {
    const o = checkOptions('polynomial schedule', options, ['scale', 'power', 'offset', 'kind']);
    this.scale = checkNumber('polynomial schedule', 'scale', o.scale, { min: 0 });
    this.power = checkNumber('polynomial schedule', 'power', o.power, { min: 0 });
    this.offset = checkNumber('polynomial schedule', 'offset', o.offset ?? 1, { min: 0, minExclusive: true });
  }
  value(step: number): number {
    checkStep(this.kind, step);
    return this.scale / Math.pow(this.offset + step, this.power);
  }
  getConfig(): PolynomialDecayConfig {
    return { kind: this.kind, scale: this.scale, power: this.power, offset: this.offset };
  }
}

export function polynomialDecay(options: PolynomialDecayOptions): PolynomialDecay {
  return new PolynomialDecay(options);
}
