export { mix32, deriveSeed, normalizeSeed, randomSeed } from './seedMixer';
export { NoiseStream, StreamPurpose } from './noiseStream';
export { uniformArray, normalArray, signArray } from './counterRandom';
