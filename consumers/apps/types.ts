// Type-level consumer, compiled as .mts/.cts (node16) and .ts (bundler, node10).
// Each @ts-expect-error fails the compile if a type silently became `any`
// (what an unresolvable import in our .d.ts does under skipLibCheck).
import * as tf from '@tensorflow/tfjs';
import { NoisyGradientSGD, withGradientNoise, type NoisyGradientSGDOptions } from '@tfjs-noise/optimizers';
import { SymmetricSGD } from '@tfjs-noise/optimizers/symmetric-sgd';
import { annealedVarianceSchedule, InvalidOptionError } from '@tfjs-noise/core';
import { NoiseInjectionNode, SeededGaussianNoise, type NoiseInjectionNodeArgs } from '@tfjs-noise/core/layers';
import { shardIndices } from '@tfjs-noise/core/decentralized';

const options: NoisyGradientSGDOptions = { learningRate: 0.1, noise: annealedVarianceSchedule({ eta: 0.01 }), seed: 1 };
export const optimizer: tf.Optimizer = new NoisyGradientSGD(options);
export const wrapped: tf.Optimizer = withGradientNoise(tf.train.adam(0.001), { noise: 0.01 });
export const symmetric: tf.Optimizer = new SymmetricSGD({ learningRate: 0.1, noise: 0.01, mode: 'two-point' });
// @ts-expect-error mode is a closed union
new SymmetricSGD({ learningRate: 0.1, noise: 0.01, mode: 'three-point' });

const args: NoiseInjectionNodeArgs = { scale: 1, seed: 1, name: 'nin', inputShape: [4] };
export const layer: tf.layers.Layer = new NoiseInjectionNode(args);
// @ts-expect-error the base layer's args are typed: name is a string
new NoiseInjectionNode({ scale: 1, name: 42 });
// @ts-expect-error stddev is a number
new SeededGaussianNoise({ stddev: 'small' });
export const shards: number[][] = shardIndices([0, 1, 0, 1], 2);
export const isError: boolean = new InvalidOptionError('X', 'y', 1, 'z') instanceof Error;
