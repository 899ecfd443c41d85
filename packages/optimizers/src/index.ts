/**
 * @tfjs-noise/optimizers: noise-injection optimizers for TensorFlow.js.
 */
export { NoisyGradientSGD } from './noisyGradientSGD';
export type { NoisyGradientSGDOptions, NoisyGradientSGDConfig } from './noisyGradientSGD';
export { GradientNoise, withGradientNoise } from './gradientNoise';
export type { GradientNoiseOptions, GradientNoiseConfig } from './gradientNoise';
export type { WrappedOptimizerConfig } from './wrappedOptimizerConfig';
export { SymmetricSGD } from './symmetricSGD';
export type { SymmetricSGDOptions, SymmetricSGDConfig } from './symmetricSGD';
export { LayerwisePerturbedGD } from './layerwisePerturbedGD';
export type { LayerwisePerturbedGDOptions, LayerwisePerturbedGDConfig } from './layerwisePerturbedGD';
export { AlphaStableNoiseSGD } from './alphaStableNoiseSGD';
export type { AlphaStableNoiseSGDOptions, AlphaStableNoiseSGDConfig } from './alphaStableNoiseSGD';
export type { SgdOptions, SgdConfig } from './sgdOptions';
export type { GradientNoiseSettings } from './gradientNoiseOptions';
