export { hessianTrace, summarize } from './hessianTrace';
export type { HessianTraceOptions, Estimate } from './hessianTrace';
export { sharpness } from './sharpness';
export type { SharpnessOptions } from './sharpness';
export { gradientVariance } from './gradientVariance';
export { tailIndex, largestDivisorBelowSqrt } from './tailIndex';
export type { TailIndexOptions, TailIndexEstimate } from './tailIndex';
