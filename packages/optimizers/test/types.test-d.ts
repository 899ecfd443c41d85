import type * as tf from '@tensorflow/tfjs-core';
import {
  annealedVarianceSchedule,
  cosineDecay,
  type NoiseSchedule,
  type ScalarOrSchedule,
  type ScheduleConfig,
  type Sampler,
} from '@tfjs-noise/core';
import type { Learner } from '@tfjs-noise/core/decentralized';
import type { NinPhase } from '@tfjs-noise/core/layers';
import {
  AlphaStableNoiseSGD,
  GradientNoise,
  LayerwisePerturbedGD,
  NoisyGradientSGD,
  SymmetricSGD,
  withGradientNoise,
  type NoisyGradientSGDOptions,
  type SymmetricSGDOptions,
} from '@tfjs-noise/optimizers';
import { describe, expectTypeOf, it } from 'vitest';

describe('public types', () => {
  it('optimizers are tfjs Optimizers', () => {
    expectTypeOf<NoisyGradientSGD>().toMatchTypeOf<tf.Optimizer>();
    expectTypeOf<GradientNoise>().toMatchTypeOf<tf.Optimizer>();
    expectTypeOf(withGradientNoise).returns.toEqualTypeOf<GradientNoise>();
  });

  it('time-varying hyperparameters take a number, a schedule or a config', () => {
    expectTypeOf<number>().toMatchTypeOf<ScalarOrSchedule>();
    expectTypeOf(cosineDecay({ initial: 1, decaySteps: 10 })).toMatchTypeOf<NoiseSchedule>();
    expectTypeOf<NoisyGradientSGDOptions['learningRate']>().toEqualTypeOf<ScalarOrSchedule | number | ScheduleConfig | undefined>();
    new NoisyGradientSGD({ learningRate: 0.1, noise: annealedVarianceSchedule({ eta: 0.3 }) });
    new NoisyGradientSGD({ noise: { kind: 'polynomial', scale: 1, power: 0.55, offset: 1 } });
    // @ts-expect-error a string is not a schedule
    new NoisyGradientSGD({ noise: 'annealed' });
    // @ts-expect-error configs are checked by kind
    new NoisyGradientSGD({ noise: { kind: 'polynomial', rate: 1 } });
  });

  it('schedules return numbers and configs are discriminated by kind', () => {
    expectTypeOf<NoiseSchedule['value']>().returns.toEqualTypeOf<number>();
    expectTypeOf<Extract<ScheduleConfig, { kind: 'annealed-variance' }>>().toEqualTypeOf<{
      kind: 'annealed-variance';
      eta: number;
      gamma: number;
    }>();
  });

  it('samplers produce tensors', () => {
    expectTypeOf<Sampler['sample']>().returns.toEqualTypeOf<tf.Tensor>();
  });
});


describe('public types of the other optimizers, layers and decentralized training', () => {
  it('modes are string-literal unions checked at compile time', () => {
    expectTypeOf<NonNullable<SymmetricSGDOptions['mode']>>().toEqualTypeOf<'two-point' | 'alternating' | 'one-sided'>();
    new SymmetricSGD({ mode: 'alternating', scale: 'absolute' });
    new LayerwisePerturbedGD({ mode: 'all', choice: 'random' });
    // @ts-expect-error not a mode
    new SymmetricSGD({ mode: 'three-point' });
    // @ts-expect-error alpha takes a number or a schedule
    new AlphaStableNoiseSGD({ alpha: '1.5' });
  });

  it('learners exchange plain float32 buffers', () => {
    expectTypeOf<Learner['getWeights']>().returns.toEqualTypeOf<Promise<Float32Array[]>>();
    expectTypeOf<Learner['train']>().parameters.toEqualTypeOf<[steps: number]>();
    expectTypeOf<NinPhase>().toEqualTypeOf<'decoupled' | 'decay' | 'catapult' | 'divergent'>();
  });
});
