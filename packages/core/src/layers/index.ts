/**
 * @tfjs-noise/core/layers: seeded input-noise layers (needs @tensorflow/tfjs-layers).
 */
export { SeededNoiseLayer } from './seededNoiseLayer';
export type { SeededNoiseLayerArgs } from './seededNoiseLayer';
export { SeededGaussianNoise } from './seededGaussianNoise';
export type { SeededGaussianNoiseArgs } from './seededGaussianNoise';
export { AlphaStableNoise } from './alphaStableNoise';
export type { AlphaStableNoiseArgs } from './alphaStableNoise';
export { NoiseInjectionNode } from './noiseInjectionNode';
export type { NoiseInjectionNodeArgs } from './noiseInjectionNode';
export { ThetaNormProbe, ninPhase, decayRate } from './thetaNormProbe';
export type { NinPhase } from './thetaNormProbe';
