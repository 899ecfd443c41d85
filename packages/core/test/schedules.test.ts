import {
  ConstantSchedule,
  ScheduledValue,
  annealedVarianceSchedule,
  constantSchedule,
  cosineDecay,
  exponentialDecay,
  linearSchedule,
  piecewiseSchedule,
  polynomialDecay,
  scheduleFromConfig,
  warmupSchedule,
  type NoiseSchedule,
  type ScheduleConfig,
} from '@tfjs-noise/core';
import { describe, expect, it } from 'vitest';

const values = (s: NoiseSchedule, steps: number[]) => steps.map((t) => s.value(t));

describe('schedule values, derived by hand', () => {
  it('constant', () => expect(values(constantSchedule(0.3), [0, 7, 1000])).toEqual([0.3, 0.3, 0.3]));
  it('polynomial a/(b+t)^p', () => {
    // 2 / (1 + t)^0.5 at t = 0, 3, 15: 2, 1, 0.5
    expect(values(polynomialDecay({ scale: 2, power: 0.5 }), [0, 3, 15])).toEqual([2, 1, 0.5]);
    // 8 / (4 + t)^1 at t = 0, 4: 2, 1
    expect(values(polynomialDecay({ scale: 8, power: 1, offset: 4 }), [0, 4])).toEqual([2, 1]);
  });
  it('exponential, smooth and staircase', () => {
    expect(values(exponentialDecay({ initial: 1, rate: 0.5, decaySteps: 2 }), [0, 1, 2, 4])).toEqual([1, Math.SQRT1_2, 0.5, 0.25]);
    expect(values(exponentialDecay({ initial: 1, rate: 0.5, decaySteps: 2, staircase: true }), [0, 1, 2, 3])).toEqual([1, 1, 0.5, 0.5]);
  });
  it('cosine from initial to final over decaySteps', () => {
    const s = cosineDecay({ initial: 1, final: 0.2, decaySteps: 4 });
    const v = values(s, [0, 2, 4, 10]);
    expect(v[0]).toBe(1);
    expect(v[1]).toBeCloseTo(0.6, 12); // midpoint: final + (initial-final)/2
    expect(v[2]).toBe(0.2);
    expect(v[3]).toBe(0.2);
  });
  it('linear then hold', () => expect(values(linearSchedule({ initial: 1, final: 0, steps: 4 }), [0, 1, 4, 9])).toEqual([1, 0.75, 0, 0]));
  it('warm-up ramps to the wrapped schedule, which then starts at its own step 0', () => {
    const s = warmupSchedule({ steps: 4, after: polynomialDecay({ scale: 2, power: 1 }) });
    expect(values(s, [0, 1, 2, 4, 5])).toEqual([0, 0.5, 1, 2, 1]);
  });
  it('piecewise restarts each piece at its boundary', () => {
    const s = piecewiseSchedule({ boundaries: [2, 5], schedules: [1, linearSchedule({ initial: 3, final: 0, steps: 3 }), 0.1] });
    expect(values(s, [0, 1, 2, 3, 4, 5, 99])).toEqual([1, 1, 3, 2, 1, 0.1, 0.1]);
  });
  it("Neelakantan's preset returns the std sqrt(η/(1+t)^γ), not the variance", () => {
    const s = annealedVarianceSchedule({ eta: 0.3, gamma: 0.55 });
    expect(s.value(0)).toBeCloseTo(Math.sqrt(0.3), 14);
    expect(s.value(9)).toBeCloseTo(Math.sqrt(0.3 / Math.pow(10, 0.55)), 14);
    expect(annealedVarianceSchedule().getConfig()).toEqual({ kind: 'annealed-variance', eta: 0.01, gamma: 0.55 });
  });
});

describe('schedule configs round-trip', () => {
  const schedules: NoiseSchedule[] = [
    constantSchedule(0.5),
    polynomialDecay({ scale: 1, power: 0.55, offset: 3 }),
    exponentialDecay({ initial: 1, rate: 0.9, decaySteps: 10, staircase: true }),
    cosineDecay({ initial: 0.1, decaySteps: 100 }),
    linearSchedule({ initial: 0, final: 1, steps: 5 }),
    warmupSchedule({ steps: 3, after: cosineDecay({ initial: 1, decaySteps: 9 }) }),
    piecewiseSchedule({ boundaries: [3], schedules: [0.5, annealedVarianceSchedule()] }),
    annealedVarianceSchedule({ eta: 1, gamma: 0.55 }),
  ];
  it.each(schedules.map((s) => [s.kind, s] as const))('%s', (_kind, s) => {
    const config = JSON.parse(JSON.stringify(s.getConfig())) as ScheduleConfig;
    const back = scheduleFromConfig(config);
    expect(back.getConfig()).toEqual(s.getConfig());
    expect(values(back, [0, 1, 2, 5, 50])).toEqual(values(s, [0, 1, 2, 5, 50]));
  });
});

describe('invalid schedules fail at construction, naming parameter, value and what is allowed', () => {
  const bad: Array<[string, () => unknown, RegExp]> = [
    ['negative constant', () => constantSchedule(-1), /constant schedule: value must be a finite number >= 0; got -1\./],
    ['negative power', () => polynomialDecay({ scale: 1, power: -0.5 }), /power must be a finite number >= 0; got -0\.5/],
    ['zero offset', () => polynomialDecay({ scale: 1, power: 1, offset: 0 }), /offset must be a finite number > 0; got 0/],
    ['zero rate', () => exponentialDecay({ initial: 1, rate: 0 }), /rate must be a finite number > 0; got 0/],
    ['fractional decaySteps', () => cosineDecay({ initial: 1, decaySteps: 2.5 }), /decaySteps must be an integer >= 1; got 2\.5/],
    ['NaN eta', () => annealedVarianceSchedule({ eta: NaN }), /eta must be a finite number >= 0; got NaN/],
    ['unsorted boundaries', () => piecewiseSchedule({ boundaries: [5, 3], schedules: [1, 2, 3] }), /boundaries\[1\] must be an integer > 5; got 3/],
    ['wrong schedule count', () => piecewiseSchedule({ boundaries: [5], schedules: [1] }), /schedules must be an array of exactly boundaries\.length \+ 1 = 2 schedules; got "1 schedules"/],
    ['unknown kind', () => scheduleFromConfig({ kind: 'step' } as never), /kind must be one of "constant", "polynomial", .*; got "step"/],
    ['nested unknown kind', () => scheduleFromConfig({ kind: 'warmup', steps: 2, initial: 0, after: { kind: 'nope' } } as never), /got "nope"/],
    ['negative step', () => constantSchedule(1).value(-1), /step must be an integer >= 0; got -1/],
  ];
  it.each(bad)('%s', (_label, make, message) => expect(make).toThrow(message));
});

describe('ScheduledValue binds a schedule to the range of its hyperparameter', () => {
  it('checks a constant at construction', () => {
    expect(() => new ScheduledValue('X', 'alpha', 2.5, { min: 0, minExclusive: true, max: 2 })).toThrow(
      /X: alpha must be a finite number > 0 and <= 2; got 2\.5\./,
    );
  });
  it('checks a scheduled value at the step where it leaves the range', () => {
    const v = new ScheduledValue('X', 'alpha', linearSchedule({ initial: 1.5, final: 2.5, steps: 10 }), { min: 0, minExclusive: true, max: 2 });
    expect(v.at(5)).toBe(2);
    expect(() => v.at(6)).toThrow(/X: alpha at step 6 must be a finite number > 0 and <= 2; got 2\.1/);
  });
  it('writes constants as plain numbers in configs', () => {
    expect(new ScheduledValue('X', 'lr', 0.1).toConfig()).toBe(0.1);
    expect(new ScheduledValue('X', 'lr', new ConstantSchedule(0.1)).toConfig()).toBe(0.1);
    expect(new ScheduledValue('X', 'lr', { kind: 'cosine', initial: 1, final: 0, decaySteps: 5 }).toConfig()).toEqual({
      kind: 'cosine',
      initial: 1,
      final: 0,
      decaySteps: 5,
    });
  });
});
