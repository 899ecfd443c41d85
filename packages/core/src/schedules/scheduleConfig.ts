import type { AnnealedVarianceConfig } from './annealedVarianceSchedule';
import type { ConstantScheduleConfig } from './constantSchedule';
import type { CosineDecayConfig } from './cosineDecay';
import type { ExponentialDecayConfig } from './exponentialDecay';
import type { LinearScheduleConfig } from './linearSchedule';
import type { PiecewiseScheduleConfig } from './piecewiseSchedule';
import type { PolynomialDecayConfig } from './polynomialDecay';
import type { WarmupScheduleConfig } from './warmupSchedule';

/** The plain JSON form of every schedule kind, discriminated by `kind`. */
export type ScheduleConfig =
  | ConstantScheduleConfig
  | PolynomialDecayConfig
  | ExponentialDecayConfig
  | CosineDecayConfig
  | LinearScheduleConfig
  | WarmupScheduleConfig
  | PiecewiseScheduleConfig
  | AnnealedVarianceConfig;

export type ScheduleKind = ScheduleConfig['kind'];
