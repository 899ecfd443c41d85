/**
 * @tfjs-noise/optimizers: noise-injection optimizers for TensorFlow.js.
 */
export { NoisyGradientSGD } from './noisyGradientSGD';
export type { NoisyGradientSGDOptions, NoisyGradientSGDConfig } from './noisyGradientSGD';
export { GradientNoise, withGradientNoise } from './gradientNoise';
export type { GradientNoiseOptions, GradientNoiseConfig, WrappedOptimizerConfig } from './gradientNoise';
export type { SgdOptions, SgdConfig } from './sgdOptions';
