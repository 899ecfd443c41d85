import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { checkNumber } from '../validation';
import type { Learner } from './learner';

export type Shard = { xs: tf.Tensor; ys: tf.Tensor };

/**
 * A learner in this process: a compiled model (with its own optimizer) and
 * its own shard, visited in order in batches of `batchSize` (wrapping around),
 * so runs are deterministic. Takes ownership of the model and the shard.
 */
export class LocalLearner implements Learner {
  private cursor = 0;
  readonly batchSize: number;

  constructor(
    readonly id: number,
    readonly model: tfl.LayersModel,
    readonly shard: Shard,
    batchSize: number,
  ) {
    if (!model.optimizer) throw new Error(`LocalLearner ${id}: compile the model with its optimizer and loss first.`);
    this.batchSize = checkNumber(`LocalLearner ${id}`, 'batchSize', batchSize, { min: 1, integer: true });
    if (shard.xs.shape[0]! < 1) throw new Error(`LocalLearner ${id}: the shard is empty.`);
  }

  private get size(): number {
    return this.shard.xs.shape[0]!;
  }

  async train(steps: number): Promise<number> {
    let total = 0;
    for (let s = 0; s < steps; s++) {
      const n = Math.min(this.batchSize, this.size);
      const idx = tf.tensor1d(Array.from({ length: n }, (_, k) => (this.cursor + k) % this.size), 'int32');
      this.cursor = (this.cursor + n) % this.size;
      const xs = tf.gather(this.shard.xs, idx);
      const ys = tf.gather(this.shard.ys, idx);
      try {
        const loss = await this.model.trainOnBatch(xs, ys);
        total += Array.isArray(loss) ? loss[0]! : loss;
      } finally {
        tf.dispose([idx, xs, ys]);
      }
    }
    return total / steps;
  }

  async getWeights(): Promise<Float32Array[]> {
    return Promise.all(this.model.trainableWeights.map(async (w) => (await w.read().data()) as Float32Array));
  }

  async setWeights(weights: Float32Array[]): Promise<void> {
    const vars = this.model.trainableWeights;
    if (weights.length !== vars.length) throw new Error(`LocalLearner ${this.id}: got ${weights.length} weight buffers for ${vars.length} trainable tensors.`);
    vars.forEach((v, i) => {
      const t = tf.tensor(weights[i]!, v.shape as number[], 'float32');
      v.write(t);
      t.dispose();
    });
  }

  dispose(): void {
    this.model.dispose();
    tf.dispose([this.shard.xs, this.shard.ys]);
  }
}
