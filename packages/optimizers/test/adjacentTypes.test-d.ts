import type * as tf from '@tensorflow/tfjs-core';
import {
  ComposedOptimizer,
  addNoise,
  chain,
  optimizerUpdate,
  samPerturbation,
  sgdUpdate,
  type PerturbationPiece,
  type TransformPiece,
  type UpdatePiece,
} from '@tfjs-noise/core';
import { ASAM, AntiPGD, SAM, SGLD, withASAM, withSAM, type SAMOptions, type SGLDOptions } from '@tfjs-noise/optimizers';
import { describe, expectTypeOf, it } from 'vitest';

describe('adjacent methods: public types', () => {
  it('are tfjs Optimizers', () => {
    expectTypeOf<SAM>().toMatchTypeOf<tf.Optimizer>();
    expectTypeOf<ASAM>().toMatchTypeOf<tf.Optimizer>();
    expectTypeOf<AntiPGD>().toMatchTypeOf<tf.Optimizer>();
    expectTypeOf<SGLD>().toMatchTypeOf<tf.Optimizer>();
    expectTypeOf(withSAM).returns.toEqualTypeOf<SAM>();
    expectTypeOf(withASAM).returns.toEqualTypeOf<ASAM>();
    expectTypeOf(chain).returns.toEqualTypeOf<ComposedOptimizer>();
  });

  it('pieces carry their role in the type', () => {
    expectTypeOf(samPerturbation).returns.toEqualTypeOf<PerturbationPiece>();
    expectTypeOf(addNoise).returns.toEqualTypeOf<TransformPiece>();
    expectTypeOf(sgdUpdate).returns.toEqualTypeOf<UpdatePiece>();
    expectTypeOf(optimizerUpdate).returns.toEqualTypeOf<UpdatePiece>();
  });

  it('SAM requires the wrapped optimizer; SGLD options are all optional', () => {
    expectTypeOf<SAMOptions>().toHaveProperty('optimizer');
    // @ts-expect-error optimizer is required
    expectTypeOf<{ rho: number }>().toMatchTypeOf<SAMOptions>();
    expectTypeOf<{}>().toMatchTypeOf<SGLDOptions>();
  });
});
