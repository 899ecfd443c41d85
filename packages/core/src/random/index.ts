export { mix32, deriveSeed, normalizeSeed, randomSeed } from './seedMixer';
export { NoiseStream, StreamPurpose } from './noiseStream';
export { CURRENT_NOISE_STREAM_VERSION, NOISE_STREAM_VERSIONS, checkStreamVersion } from './streamVersion';
export type { NoiseStreamVersion } from './streamVersion';
export { uniformArray, normalArray, signArray } from './counterRandom';
export {
  hostUniforms,
  hostSigns,
  hostNormals,
  hostAlphaStable,
  hostNormalsAxpy,
  hostAxpy,
  hostNoiseImplementation,
  setHostNoiseImplementation,
} from './hostNoise';
export type { HostNoiseImplementation, FusedNoiseResult } from './hostNoise';
