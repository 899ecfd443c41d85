/**
 * @tfjs-noise/core/decentralized: m learners on their own shards, periodic
 * weight averaging, and per-learner weight noise (needs @tensorflow/tfjs-layers).
 */
export type { Learner } from './learner';
export { LocalLearner } from './localLearner';
export type { Shard } from './localLearner';
export { DecentralizedTraining } from './decentralizedTraining';
export type { DecentralizedOptions } from './decentralizedTraining';
export { shardIndices } from './shardIndices';
export type { ShardMode } from './shardIndices';
