import { InvalidOptionError, checkNumber, checkOptions, checkOwnKey, isPlainObject, type NumberRange } from '../validation';
import { AnnealedVarianceSchedule } from './annealedVarianceSchedule';
import { ConstantSchedule } from './constantSchedule';
import { CosineDecay } from './cosineDecay';
import { ExponentialDecay } from './exponentialDecay';
import { LinearSchedule } from './linearSchedule';
import { isNoiseSchedule, type NoiseSchedule, type ScalarOrSchedule, type ScalarOrScheduleConfig } from './noiseSchedule';
import { PiecewiseSchedule } from './piecewiseSchedule';
import { PolynomialDecay } from './polynomialDecay';
import type { ScheduleConfig, ScheduleKind } from './scheduleConfig';
import { WarmupSchedule } from './warmupSchedule';

const builders: { [K in ScheduleKind]: (config: Extract<ScheduleConfig, { kind: K }>) => NoiseSchedule } = {
  constant: (c) => new ConstantSchedule(checkOptions('constant schedule', c, ['kind', 'value']).value),
  polynomial: (c) => new PolynomialDecay(c),
  exponential: (c) => new ExponentialDecay(c),
  cosine: (c) => new CosineDecay(c),
  linear: (c) => new LinearSchedule(c),
  warmup: (c) => new WarmupSchedule(c),
  piecewise: (c) => new PiecewiseSchedule(c),
  'annealed-variance': (c) => new AnnealedVarianceSchedule(c),
};

export const SCHEDULE_KINDS = Object.keys(builders) as ScheduleKind[];

/**
 * How deeply schedule configs may nest (a piecewise schedule of warm-ups of
 * piecewise schedules...). Configs come from files, which are untrusted: a
 * limit keeps a hostile one from overflowing the stack, and no real schedule
 * comes near it.
 */
export const MAX_SCHEDULE_DEPTH = 32;
let depth = 0;

/** Builds a schedule from its `getConfig()` form, validating every field. */
export function scheduleFromConfig(config: ScheduleConfig): NoiseSchedule {
  if (!isPlainObject(config)) throw new InvalidOptionError('scheduleFromConfig', 'config', config, 'a schedule config object such as {kind: "constant", value: 0.01}');
  const kind = checkOwnKey('scheduleFromConfig', 'kind', (config as { kind?: unknown }).kind, builders);
  if (depth >= MAX_SCHEDULE_DEPTH) {
    throw new InvalidOptionError('scheduleFromConfig', 'config', `${kind} schedule nested more than ${MAX_SCHEDULE_DEPTH} deep`, `nested at most ${MAX_SCHEDULE_DEPTH} deep`);
  }
  depth++;
  try {
    return (builders[kind] as (c: ScheduleConfig) => NoiseSchedule)(config);
  } finally {
    depth--;
  }
}

/** Accepts a number, a schedule, or a schedule config; numbers become constants. */
export function toSchedule(owner: string, parameter: string, value: unknown): NoiseSchedule {
  if (typeof value === 'number') {
    checkNumber(owner, parameter, value, { min: 0 });
    return new ConstantSchedule(value);
  }
  if (isNoiseSchedule(value)) return value;
  if (isPlainObject(value) && Object.hasOwn(value, 'kind')) return scheduleFromConfig(value as ScheduleConfig);
  throw new InvalidOptionError(owner, parameter, value, 'a number >= 0, a NoiseSchedule, or a schedule config');
}

/** Config form of a ScalarOrSchedule: constants stay plain numbers so configs read naturally. */
export function scalarOrScheduleConfig(schedule: NoiseSchedule): ScalarOrScheduleConfig {
  return schedule instanceof ConstantSchedule ? schedule.constant : schedule.getConfig();
}

/**
 * A schedule bound to the hyperparameter it drives. Construction checks the
 * step-0 value against `range` (so a bad constant fails at once); `at(t)`
 * checks every later value, because a user schedule can leave the range later.
 */
export class ScheduledValue {
  readonly schedule: NoiseSchedule;
  constructor(
    readonly owner: string,
    readonly parameter: string,
    value: ScalarOrSchedule | ScalarOrScheduleConfig,
    readonly range: NumberRange = { min: 0 },
  ) {
    if (typeof value === 'number') checkNumber(owner, parameter, value, range);
    this.schedule = toSchedule(owner, parameter, value);
    this.at(0);
  }
  at(step: number): number {
    const v = this.schedule.value(step);
    return checkNumber(this.owner, step === 0 ? this.parameter : `${this.parameter} at step ${step}`, v, this.range);
  }
  toConfig(): ScalarOrScheduleConfig {
    return scalarOrScheduleConfig(this.schedule);
  }
}
