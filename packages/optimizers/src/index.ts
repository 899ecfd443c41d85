/**
 * @tfjs-noise/optimizers: noise-injection optimizers for TensorFlow.js.
 */
export { NoisyGradientSGD } from './noisyGradientSGD';
export type { NoisyGradientSGDOptions, NoisyGradientSGDConfig } from './noisyGradientSGD';
export { GradientNoise, withGradientNoise } from './gradientNoise';
export type { GradientNoiseOptions, GradientNoiseConfig } from './gradientNoise';
export type { WrappedOptimizerConfig } from '@tfjs-noise/core';
export { SymmetricSGD } from './symmetricSGD';
export type { SymmetricSGDOptions, SymmetricSGDConfig } from './symmetricSGD';
export { LayerwisePerturbedGD } from './layerwisePerturbedGD';
export type { LayerwisePerturbedGDOptions, LayerwisePerturbedGDConfig } from './layerwisePerturbedGD';
export { AlphaStableNoiseSGD } from './alphaStableNoiseSGD';
export type { AlphaStableNoiseSGDOptions, AlphaStableNoiseSGDConfig } from './alphaStableNoiseSGD';
export type { SgdOptions, SgdConfig } from './sgdOptions';
export type { GradientNoiseSettings } from './gradientNoiseOptions';
export { SAM, withSAM } from './sam';
export type { SAMOptions, SAMConfig } from './sam';
export { ASAM, withASAM } from './asam';
export type { ASAMOptions, ASAMConfig } from './asam';
export { AntiPGD } from './antiPGD';
export type { AntiPGDOptions, AntiPGDConfig } from './antiPGD';
export { SGLD } from './sgld';
export { WrappingOptimizer } from './wrappingOptimizer';
export type { SGLDOptions, SGLDConfig } from './sgld';
