export { webglFusedNoise } from './webglFusedNoise';
export { webgpuFusedNoise } from './webgpuFusedNoise';
export { deviceNoiseKind, deviceNoiseUniforms } from './deviceNoiseKind';
export type { DeviceNoiseKind } from './deviceNoiseKind';
export { glslFusedNoiseSource } from './glslNoise';
export { wgslFusedNoiseSource } from './wgslNoise';
