import { InvalidOptionError, checkNumber, checkOptions } from '../validation';
import type { NoiseSchedule } from './noiseSchedule';
import type { ScheduleConfig } from './scheduleConfig';
import { toSchedule } from './scheduleFromConfig';
import { checkStep } from './stepCheck';

export type PiecewiseScheduleConfig = { kind: 'piecewise'; boundaries: number[]; schedules: ScheduleConfig[] };
export type PiecewiseScheduleOptions = {
  /** Strictly increasing steps > 0 where the next schedule takes over. */
  boundaries: number[];
  /** One more schedule than boundaries. */
  schedules: Array<NoiseSchedule | ScheduleConfig | number>;
};

/**
 * Joins schedules at step boundaries. Each piece restarts its own clock at
 * its boundary (piece `i` sees `t - boundaries[i-1]`), so a decay placed after
 * a warm-up starts from its initial value.
 */
/** Most pieces one piecewise schedule may join; configs are untrusted and must not allocate without bound. */
export const MAX_PIECES = 1024;

export class PiecewiseSchedule implements NoiseSchedule<PiecewiseScheduleConfig> {
  readonly kind = 'piecewise' as const;
  readonly boundaries: readonly number[];
  readonly schedules: readonly NoiseSchedule[];
  constructor(options: PiecewiseScheduleOptions) {
    const owner = 'piecewise schedule';
    const o = checkOptions(owner, options, ['boundaries', 'schedules', 'kind']);
    if (!Array.isArray(o.boundaries) || o.boundaries.length > MAX_PIECES - 1) {
      throw new InvalidOptionError(
        owner,
        'boundaries',
        Array.isArray(o.boundaries) ? `${o.boundaries.length} boundaries` : o.boundaries,
        `an array of at most ${MAX_PIECES - 1} steps`,
      );
    }
    if (!Array.isArray(o.schedules) || o.schedules.length !== o.boundaries.length + 1) {
      throw new InvalidOptionError(
        owner,
        'schedules',
        Array.isArray(o.schedules) ? `${o.schedules.length} schedules` : o.schedules,
        `an array of exactly boundaries.length + 1 = ${o.boundaries.length + 1} schedules`,
      );
    }
    let previous = 0;
    this.boundaries = o.boundaries.map((b, i) => {
      const value = checkNumber(owner, `boundaries[${i}]`, b, { min: previous, minExclusive: true, integer: true });
      previous = value;
      return value;
    });
    this.schedules = o.schedules.map((s, i) => toSchedule(owner, `schedules[${i}]`, s));
  }
  value(step: number): number {
    checkStep(this.kind, step);
    let start = 0;
    let piece = 0;
    while (piece < this.boundaries.length && step >= this.boundaries[piece]!) {
      start = this.boundaries[piece]!;
      piece++;
    }
    return this.schedules[piece]!.value(step - start);
  }
  getConfig(): PiecewiseScheduleConfig {
    return { kind: this.kind, boundaries: [...this.boundaries], schedules: this.schedules.map((s) => s.getConfig()) };
  }
}

export function piecewiseSchedule(options: PiecewiseScheduleOptions): PiecewiseSchedule {
  return new PiecewiseSchedule(options);
}
