/**
 * One participant of decentralized training, as the coordinator sees it.
 *
 * Everything crosses this interface as plain `Float32Array`s and numbers, so
 * a learner in another process or on another machine can implement it with
 * any transport: `train` becomes a request that runs local steps remotely and
 * answers the mean loss, `getWeights` a response carrying the weight buffers
 * (one per trainable tensor, in a fixed order), `setWeights` a message
 * carrying the averaged-plus-noise buffers. The coordinator
 * ({@link DecentralizedTraining}) only awaits these calls, so learners may run
 * concurrently wherever they live. {@link LocalLearner} is the in-process one.
 */
export interface Learner {
  readonly id: number;
  /** Runs `steps` local optimizer steps on the learner's own shard; resolves to their mean loss. */
  train(steps: number): Promise<number>;
  /** The current weights, one buffer per trainable tensor. */
  getWeights(): Promise<Float32Array[]>;
  /** Replaces the weights (same order and sizes as `getWeights`). */
  setWeights(weights: Float32Array[]): Promise<void>;
  dispose(): void;
}
