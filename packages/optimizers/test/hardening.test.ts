import * as tf from '@tensorflow/tfjs-core';
import { InvalidOptionError, MAX_SCHEDULE_DEPTH, NoisyOptimizer, scheduleFromConfig, samplerFromConfig } from '@tfjs-noise/core';
import {
  AlphaStableNoiseSGD,
  GradientNoise,
  LayerwisePerturbedGD,
  NoisyGradientSGD,
  SymmetricSGD,
  withGradientNoise,
} from '@tfjs-noise/optimizers';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

type Ctor = new (options?: never) => NoisyOptimizer;
const CLASSES: Array<[string, Ctor]> = [
  ['NoisyGradientSGD', NoisyGradientSGD as unknown as Ctor],
  ['SymmetricSGD', SymmetricSGD as unknown as Ctor],
  ['LayerwisePerturbedGD', LayerwisePerturbedGD as unknown as Ctor],
  ['AlphaStableNoiseSGD', AlphaStableNoiseSGD as unknown as Ctor],
];
const build = (cls: Ctor, options: unknown) => new cls(options as never);

/** The error a call throws (fails the test if it does not throw). */
function thrown(f: () => unknown): Error {
  try {
    f();
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected a throw');
}

describe('options are strict: a misspelled option is an error that suggests the right one', () => {
  const cases: Array<[string, object, string]> = [
    ['NoisyGradientSGD', { learningrate: 0.5 }, 'learningRate'],
    ['NoisyGradientSGD', { lr: 0.5 }, 'learningRate'],
    ['NoisyGradientSGD', { learning_rate: 0.5 }, 'learningRate'],
    ['NoisyGradientSGD', { momentun: 0.9 }, 'momentum'],
    ['NoisyGradientSGD', { clipnorm: 1 }, 'clipNorm'],
    ['NoisyGradientSGD', { noize: 0.1 }, 'noise'],
    ['NoisyGradientSGD', { sed: 1 }, 'seed'],
    ['NoisyGradientSGD', { nonfinite: 'skip' }, 'nonFinite'],
    ['AlphaStableNoiseSGD', { alpah: 1.5 }, 'alpha'],
    ['AlphaStableNoiseSGD', { noiseclip: 3 }, 'noiseClip'],
    ['SymmetricSGD', { modes: 'alternating' }, 'mode'],
    ['LayerwisePerturbedGD', { choise: 'random' }, 'choice'],
  ];
  it.each(cases)('%s %j', (name, options, suggestion) => {
    const cls = CLASSES.find(([n]) => n === name)![1];
    const e = thrown(() => build(cls, options));
    expect(e).toBeInstanceOf(InvalidOptionError);
    expect(e.message).toContain(`${name}: unknown option "${Object.keys(options)[0]}"; did you mean "${suggestion}"?`);
    expect((e as InvalidOptionError).parameter).toBe(Object.keys(options)[0]);
  });

  it('applies to schedule and sampler configs too', () => {
    expect(() => new NoisyGradientSGD({ noise: { kind: 'exponential', initial: 1, rate: 0.5, decay_steps: 10 } as never })).toThrow(
      /exponential schedule: unknown option "decay_steps"; did you mean "decaySteps"\?/,
    );
    expect(() => samplerFromConfig({ kind: 'alpha-stable', alpah: 1.2 } as never)).toThrow(/alpha-stable sampler: unknown option "alpah"; did you mean "alpha"/);
    expect(() => samplerFromConfig({ kind: 'gaussian', std: 2 } as never)).toThrow(/gaussian sampler: unknown option "std"/);
  });

  it('applies to withGradientNoise and to a wrapped optimizer config', () => {
    expect(() => withGradientNoise(tf.train.sgd(0.1), { noize: 0.1 } as never)).toThrow(/withGradientNoise: unknown option "noize"; did you mean "noise"/);
    expect(() => withGradientNoise(tf.train.sgd(0.1), 'x' as never)).toThrow(/withGradientNoise: options must be a plain object; got "x"/);
    expect(() => withGradientNoise(null as never)).toThrow(/withGradientNoise: optimizer must be a tf\.Optimizer .*; got null/);
    const wrapped = (config: object) => new GradientNoise({ optimizer: { className: 'Adam', config: { learningRate: 0.1, beta1: 0.9, beta2: 0.999, ...config } } as never });
    expect(() => wrapped({ learningRate: 'x' })).toThrow(/GradientNoise optimizer\.config \(Adam\): learningRate must be a finite number >= 0; got "x"/);
    expect(() => wrapped({ beta1: 2 })).toThrow(/beta1 must be a finite number >= 0 and < 1; got 2/);
    expect(() => wrapped({ learningrate: 0.1 })).toThrow(/unknown option "learningrate"; did you mean "learningRate"/);
    expect(wrapped({ learningRate: 0.01 }).inner.getConfig()).toMatchObject({ learningRate: 0.01 });
    expect(() => new GradientNoise({ optimizer: { className: 'Adam', config: { learningRate: 0.01 } } as never })).toThrow(
      /beta1 must be a finite number >= 0 and < 1 \(required by Adam\); got undefined/,
    );
  });
});

describe('null is not "default"', () => {
  it.each(CLASSES)('%s rejects null for every option that has no documented null', (_name, cls) => {
    for (const key of ['learningRate', 'momentum', 'noise', 'seed', 'nonFinite']) {
      const e = thrown(() => build(cls, { [key]: null }));
      expect(e).toBeInstanceOf(InvalidOptionError);
      expect(e.message).toContain(`${key} must be a value (null is not allowed`);
    }
  });
  it('keeps null where it documents "none"', () => {
    expect(new NoisyGradientSGD({ clipNorm: null, seed: 1 }).getConfig()).toMatchObject({ clipNorm: null });
    expect(new AlphaStableNoiseSGD({ noiseClip: null, seed: 1 }).getConfig()).toMatchObject({ noiseClip: null });
    expect(() => new SymmetricSGD({ mode: null } as never)).toThrow(/SymmetricSGD: mode must be a value/);
  });
  it('rejects a saved config whose noise became null', () => {
    const config = { ...new NoisyGradientSGD({ seed: 3 }).getConfig(), noise: null };
    expect(() => NoisyGradientSGD.fromConfig(NoisyGradientSGD as never, config)).toThrow(/NoisyGradientSGD: noise must be a value/);
  });
});

describe('numbers must fit float32 at construction', () => {
  it.each([
    [{ learningRate: 1e39 }, 'learningRate'],
    [{ noise: 1e39 }, 'noise'],
    [{ weightDecay: 1e39 }, 'weightDecay'],
    [{ clipNorm: 1e39 }, 'clipNorm'],
  ])('%j', (options, key) => {
    expect(() => new NoisyGradientSGD(options)).toThrow(new RegExp(`NoisyGradientSGD: ${key} must be .*within float32 range`));
  });
  it('names the optimizer, not an internal class, for a bad seed', () => {
    expect(() => new SymmetricSGD({ seed: 1.5 })).toThrow(/^SymmetricSGD: seed must be an integer/);
  });
});

describe('configs are untrusted data', () => {
  it.each(['constructor', 'toString', '__proto__', 'hasOwnProperty', 'valueOf'])('kind / className %j is a clear error, not a TypeError', (name) => {
    for (const f of [
      () => scheduleFromConfig({ kind: name } as never),
      () => samplerFromConfig({ kind: name } as never),
      () => new NoisyGradientSGD({ noise: { kind: name } as never }),
      () => new GradientNoise({ optimizer: { className: name, config: {} } as never }),
    ]) {
      const e = thrown(f);
      expect(e).toBeInstanceOf(InvalidOptionError);
    }
  });

  function nested(depth: number): object {
    let config: object = { kind: 'constant', value: 0.1 };
    for (let i = 0; i < depth; i++) config = { kind: 'warmup', steps: 1, initial: 0, after: config };
    return config;
  }
  it(`limits nesting to ${MAX_SCHEDULE_DEPTH} and never overflows the stack`, () => {
    expect(scheduleFromConfig(nested(MAX_SCHEDULE_DEPTH - 1) as never).value(100)).toBeCloseTo(0.1, 6);
    for (const depth of [MAX_SCHEDULE_DEPTH, 1300, 3000]) {
      expect(() => scheduleFromConfig(nested(depth) as never)).toThrow(new RegExp(`nested at most ${MAX_SCHEDULE_DEPTH} deep`));
    }
  });
  it('rejects huge arrays before touching their entries', () => {
    const boundaries = new Array(1e8);
    expect(() => scheduleFromConfig({ kind: 'piecewise', boundaries, schedules: [] } as never)).toThrow(
      /piecewise schedule: boundaries must be an array of at most 1023 steps; got "100000000 boundaries"/,
    );
  });
  it('keeps error messages short for huge values', () => {
    const e = thrown(() => scheduleFromConfig({ kind: 'x'.repeat(10_000_000) } as never));
    expect(e.message.length).toBeLessThan(500);
    expect(e.message).toContain('(10000000 characters)');
  });
});

describe('random option objects (fast-check): construct or throw InvalidOptionError, never a TypeError', () => {
  const value = fc.oneof(
    fc.constant(null),
    fc.constant(undefined),
    fc.boolean(),
    fc.double(),
    fc.integer(),
    fc.constantFrom(0, -1, 1e39, -1e39, Infinity, NaN, 0.5, 2, 1.5),
    fc.string({ maxLength: 12 }),
    fc.constantFrom('two-point', 'alternating', 'one-sided', 'layer', 'all', 'random', 'cyclic', 'throw', 'skip', 'constructor', '__proto__'),
    fc.constantFrom({ kind: 'constant', value: 0.1 }, { kind: 'gaussian' }, { kind: 'alpha-stable', alpha: 3 }, { kind: 'toString' }, [], {}),
  );
  const keys = fc.constantFrom(
    'learningRate', 'momentum', 'nesterov', 'weightDecay', 'noise', 'clipNorm', 'seed', 'nonFinite', 'sampler', 'mode', 'scale',
    'choice', 'alpha', 'noiseClip', 'lr', 'constructor', '__proto__', 'toString',
  );
  const options = fc.dictionary(keys, value, { maxKeys: 5 });
  it.each(CLASSES)('%s: 1,000 random option objects', (_name, cls) => {
    fc.assert(
      fc.property(options, (o) => {
        try {
          build(cls, o).dispose();
        } catch (e) {
          if (!(e instanceof InvalidOptionError) && !/^[A-Za-z]+: /.test((e as Error).message)) throw e;
          if (e instanceof TypeError || e instanceof RangeError) throw e;
        }
      }),
      { numRuns: 1000, seed: 42 },
    );
  });
});

describe('a failed step changes nothing and leaks nothing', () => {
  it('two-point: a loss that throws on the second pass leaves weights, state and tensor count as they were', async () => {
    const w = tf.variable(tf.tensor1d([0.5, -1, 2]), true, 'hardening-two-point/w');
    const opt = new SymmetricSGD({ learningRate: 0.1, noise: 0.05, momentum: 0.5, seed: 3 });
    opt.minimize(() => tf.sum(tf.square(w)) as tf.Scalar, false, [w]);
    let calls = 0;
    const failsOnSecondPass = () => {
      calls++;
      if (calls % 2 === 0) throw new Error('second pass failed');
      return tf.sum(tf.square(w)) as tf.Scalar;
    };
    const before = w.dataSync().slice();
    const state = await opt.getWeights();
    const count = tf.memory().numTensors;
    for (let i = 0; i < 5; i++) expect(() => opt.minimize(failsOnSecondPass, false, [w])).toThrow('second pass failed');
    expect(tf.memory().numTensors).toBe(count);
    expect(Array.from(w.dataSync())).toEqual(Array.from(before));
    expect(opt.iterations).toBe(1);
    const after = await opt.getWeights();
    expect(after.map((x) => Array.from(x.tensor.dataSync()))).toEqual(state.map((x) => Array.from(x.tensor.dataSync())));
    tf.dispose([w, ...state.map((x) => x.tensor), ...after.map((x) => x.tensor)]);
    opt.dispose();
  });
});

describe('random schedule and sampler configs (fast-check): a schedule/sampler or an InvalidOptionError', () => {
  const field = fc.oneof(fc.double(), fc.integer(), fc.constantFrom(null, true, 'x', 1e39, -1, 0, 0.5, 10), fc.array(fc.integer({ min: 0, max: 50 }), { maxLength: 4 }));
  const config: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
    schedule: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      fc.record(
        {
          kind: fc.constantFrom('constant', 'polynomial', 'exponential', 'cosine', 'linear', 'annealed-variance', 'constructor', 'nope'),
          value: field, scale: field, power: field, offset: field, initial: field, final: field, rate: field,
          decaySteps: field, staircase: field, steps: field, eta: field, gamma: field, bogus: field,
        },
        { requiredKeys: ['kind'] },
      ),
      fc.record({ kind: fc.constant('warmup'), steps: field, initial: field, after: tie('schedule') }, { requiredKeys: ['kind'] }),
      fc.record(
        { kind: fc.constant('piecewise'), boundaries: fc.array(fc.integer({ min: 0, max: 100 }), { maxLength: 3 }), schedules: fc.array(tie('schedule'), { maxLength: 4 }) },
        { requiredKeys: ['kind'] },
      ),
    ),
  })).schedule;
  const expectOnlyInvalidOption = (f: () => unknown) => {
    try {
      f();
    } catch (e) {
      if (!(e instanceof InvalidOptionError)) throw e;
    }
  };
  it('1,000 schedule configs', () => {
    fc.assert(
      fc.property(config, fc.nat({ max: 1000 }), (c, step) =>
        expectOnlyInvalidOption(() => {
          const s = scheduleFromConfig(c as never);
          const v = s.value(step);
          // A schedule that was accepted gives numbers; the optimizer range-checks them per step.
          expect(typeof v).toBe('number');
          expect(scheduleFromConfig(JSON.parse(JSON.stringify(s.getConfig()))).value(step)).toBe(v);
        }),
      ),
      { numRuns: 1000, seed: 11 },
    );
  });
  it('1,000 sampler configs', () => {
    const sampler = fc.record(
      { kind: fc.constantFrom('gaussian', 'rademacher', 'uniform', 'alpha-stable', 'toString', 'cauchy'), alpha: fc.oneof(field, config), extra: field },
      { requiredKeys: ['kind'] },
    );
    fc.assert(fc.property(sampler, (c) => expectOnlyInvalidOption(() => samplerFromConfig(c as never).getConfig())), { numRuns: 1000, seed: 12 });
  });
});
