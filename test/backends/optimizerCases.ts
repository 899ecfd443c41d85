import * as tf from '@tensorflow/tfjs-core';
import { ComposedOptimizer, addNoise, annealedVarianceSchedule, chain, optimizerUpdate, samPerturbation } from '@tfjs-noise/core';
import {
  ASAM,
  AlphaStableNoiseSGD,
  AntiPGD,
  SAM,
  SGLD,
  withASAM,
  withSAM,
  GradientNoise,
  LayerwisePerturbedGD,
  NoisyGradientSGD,
  SymmetricSGD,
  withGradientNoise,
} from '@tfjs-noise/optimizers';
import { backendTolerance } from '../backendTolerance';
import type { SerializableOptimizerClass } from '../optimizerContract';

/**
 * Every optimizer and mode the library ships, as the contract suite exercises
 * them on every backend: `make` builds a noisy instance with a fixed seed,
 * `noiseFree` the same optimizer with its noise at 0, and `reference` the
 * tfjs optimizer the noise-free one must equal.
 */
export type OptimizerCase = {
  label: string;
  cls: SerializableOptimizerClass;
  make: () => tf.Optimizer;
  noiseFree: () => tf.Optimizer;
  reference: () => tf.Optimizer;
};

const adam = (lr: number) => tf.train.adam(lr, undefined, undefined, backendTolerance().adamEpsilon);

export const OPTIMIZER_CASES: OptimizerCase[] = [
  {
    label: 'NoisyGradientSGD',
    cls: NoisyGradientSGD,
    make: () =>
      new NoisyGradientSGD({ learningRate: 0.2, momentum: 0.5, noise: annealedVarianceSchedule({ eta: 0.05 }), clipNorm: 10, seed: 11 }),
    noiseFree: () => new NoisyGradientSGD({ learningRate: 0.2, momentum: 0.5, noise: 0 }),
    reference: () => tf.train.momentum(0.2, 0.5),
  },
  {
    label: 'GradientNoise(Adam)',
    cls: GradientNoise,
    // tfjs's default ε except on webgl-f16, where tf.train.adam alone goes NaN with it (see backendTolerance).
    make: () => withGradientNoise(adam(0.05), { noise: 0.05, seed: 21, clipNorm: 5 }),
    noiseFree: () => withGradientNoise(adam(0.05), { noise: 0 }),
    reference: () => adam(0.05),
  },
  {
    label: 'SymmetricSGD two-point',
    cls: SymmetricSGD,
    make: () => new SymmetricSGD({ learningRate: 0.2, noise: 0.05, momentum: 0.5, seed: 12 }),
    noiseFree: () => new SymmetricSGD({ learningRate: 0.2, noise: 0, momentum: 0.5 }),
    reference: () => tf.train.momentum(0.2, 0.5),
  },
  {
    label: 'SymmetricSGD alternating',
    cls: SymmetricSGD,
    make: () => new SymmetricSGD({ learningRate: 0.2, noise: 0.05, mode: 'alternating', seed: 13 }),
    noiseFree: () => new SymmetricSGD({ learningRate: 0.2, noise: 0, mode: 'alternating' }),
    reference: () => tf.train.sgd(0.2),
  },
  {
    label: 'SymmetricSGD one-sided',
    cls: SymmetricSGD,
    make: () => new SymmetricSGD({ learningRate: 0.2, noise: 0.05, mode: 'one-sided', scale: 'absolute', seed: 17 }),
    noiseFree: () => new SymmetricSGD({ learningRate: 0.2, noise: 0, mode: 'one-sided', scale: 'absolute' }),
    reference: () => tf.train.sgd(0.2),
  },
  {
    label: 'LayerwisePerturbedGD layer',
    cls: LayerwisePerturbedGD,
    make: () => new LayerwisePerturbedGD({ learningRate: 0.2, noise: 0.05, momentum: 0.5, weightDecay: 1e-4, seed: 14 }),
    noiseFree: () => new LayerwisePerturbedGD({ learningRate: 0.2, noise: 0, momentum: 0.5 }),
    reference: () => tf.train.momentum(0.2, 0.5),
  },
  {
    label: 'LayerwisePerturbedGD all',
    cls: LayerwisePerturbedGD,
    make: () => new LayerwisePerturbedGD({ learningRate: 0.2, noise: 0.05, mode: 'all', seed: 15 }),
    noiseFree: () => new LayerwisePerturbedGD({ learningRate: 0.2, noise: 0, mode: 'all' }),
    reference: () => tf.train.sgd(0.2),
  },
  {
    label: 'LayerwisePerturbedGD layer random',
    cls: LayerwisePerturbedGD,
    make: () => new LayerwisePerturbedGD({ learningRate: 0.2, noise: 0.05, choice: 'random', seed: 18 }),
    noiseFree: () => new LayerwisePerturbedGD({ learningRate: 0.2, noise: 0, choice: 'random' }),
    reference: () => tf.train.sgd(0.2),
  },
  {
    label: 'AlphaStableNoiseSGD',
    cls: AlphaStableNoiseSGD,
    make: () => new AlphaStableNoiseSGD({ learningRate: 0.2, alpha: 1.5, noise: 0.01, momentum: 0.5, seed: 16 }),
    noiseFree: () => new AlphaStableNoiseSGD({ learningRate: 0.2, alpha: 1.5, noise: 0, momentum: 0.5 }),
    reference: () => tf.train.momentum(0.2, 0.5),
  },
  // The adjacent methods (issue 13). pSGLD has no tfjs twin (RMSProp puts ε inside the square root), so
  // its contract runs in packages/optimizers/test/sgld.test.ts without the noise-free comparison.
  {
    label: 'SAM(sgd)',
    cls: SAM,
    make: () => withSAM(tf.train.sgd(0.2), { rho: 0.05, seed: 5 }),
    noiseFree: () => withSAM(tf.train.sgd(0.2), { rho: 0 }),
    reference: () => tf.train.sgd(0.2),
  },
  {
    label: 'ASAM(adam)',
    cls: ASAM,
    make: () => withASAM(adam(0.05), { rho: 0.5, seed: 5 }),
    noiseFree: () => withASAM(adam(0.05), { rho: 0 }),
    reference: () => adam(0.05),
  },
  {
    label: 'AntiPGD',
    cls: AntiPGD,
    make: () => new AntiPGD({ learningRate: 0.2, noise: 0.01, seed: 13 }),
    noiseFree: () => new AntiPGD({ learningRate: 0.2, noise: 0 }),
    reference: () => tf.train.sgd(0.2),
  },
  {
    label: 'SGLD',
    cls: SGLD,
    make: () => new SGLD({ learningRate: 0.2, temperature: 1e-4, seed: 17 }),
    noiseFree: () => new SGLD({ learningRate: 0.2, temperature: 0 }),
    reference: () => tf.train.sgd(0.2),
  },
  {
    label: 'chain(SAM, annealed noise, Adam)',
    cls: ComposedOptimizer,
    make: () =>
      chain(samPerturbation({ rho: 0.05 }), addNoise({ noise: annealedVarianceSchedule({ eta: 0.01 }) }), optimizerUpdate(adam(0.05)), { seed: 31 }),
    noiseFree: () => chain(samPerturbation({ rho: 0 }), addNoise({ noise: 0 }), optimizerUpdate(adam(0.05))),
    reference: () => adam(0.05),
  },
];
