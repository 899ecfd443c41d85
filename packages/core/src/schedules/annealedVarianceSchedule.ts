import { checkNumber, checkOptions } from '../validation';
import type { NoiseSchedule } from './noiseSchedule';
import { checkStep } from './stepCheck';

export type AnnealedVarianceConfig = { kind: 'annealed-variance'; eta: number; gamma: number };
export type AnnealedVarianceOptions = {
  /** Variance at step 0 (the paper tries 0.01, 0.3 and 1.0). Default 0.01. */
  eta?: number;
  /** Decay exponent of the variance. Default 0.55, the paper's value. */
  gamma?: number;
};

/**
 * Neelakantan et al. (2015, arXiv:1511.06807) anneal the gradient-noise
 * *variance* as `eta / (1 + t)^gamma`. Noise scales in this library are
 * standard deviations, so this schedule returns `sqrt(eta / (1 + t)^gamma)`.
 */
export class AnnealedVarianceSchedule implements NoiseSchedule<AnnealedVarianceConfig> {
  readonly kind = 'annealed-variance' as const;
  readonly eta: number;
  readonly gamma: number;
  constructor(options: AnnealedVarianceOptions = {}) {
    const o = checkOptions('annealed-variance schedule', options, ['eta', 'gamma', 'kind']);
    this.eta = checkNumber('annealed-variance schedule', 'eta', o.eta ?? 0.01, { min: 0 });
    this.gamma = checkNumber('annealed-variance schedule', 'gamma', o.gamma ?? 0.55, { min: 0 });
  }
  value(step: number): number {
    checkStep(this.kind, step);
    return Math.sqrt(this.eta / Math.pow(1 + step, this.gamma));
  }
  getConfig(): AnnealedVarianceConfig {
    return { kind: this.kind, eta: this.eta, gamma: this.gamma };
  }
}

export function annealedVarianceSchedule(options: AnnealedVarianceOptions = {}): AnnealedVarianceSchedule {
  return new AnnealedVarianceSchedule(options);
}
