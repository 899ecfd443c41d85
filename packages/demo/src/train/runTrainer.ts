import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { SeededRandom } from '@tfjs-noise/examples/browser';
import type { TrainingData } from './trainingData';

export type StepPoint = { step: number; loss: number; ms: number };
export type EvalPoint = { step: number; accuracy: number };

export type TrainerOptions = {
  batchSize: number;
  evalEvery: number;
  /** The optimizer step the run starts from (non-zero when continuing a loaded model). */
  firstStep: number;
  /** Seed of the batch order, so every optimizer sees the same batches. */
  seed: number;
  /** Awaited outside the timed region, so whatever they do never lands in a step's time. */
  onStep: (p: StepPoint) => Promise<void> | void;
  onEval: (p: EvalPoint) => Promise<void> | void;
};

/** Test accuracy on the uploaded test images (one read, outside the timed steps). */
export async function testAccuracy(model: tfl.LayersModel, data: TrainingData): Promise<number> {
  const correct = tf.tidy(() => {
    const predicted = tf.argMax(model.predict(data.testX) as tf.Tensor2D, -1);
    return tf.mean(tf.cast(tf.equal(predicted, data.testLabels), 'float32'));
  });
  const [value] = await correct.data();
  correct.dispose();
  return value!;
}

/**
 * Trains one model (compiled with the optimizer under test) a step at a time,
 * so the page can run optimizers one after another or interleaved.
 *
 * A step's cost is the wall time of `trainOnBatch`, which waits for the loss,
 * so GPU work is inside the timing on every backend; the batch is gathered on
 * the device before the clock starts. The loss read each step is the page's
 * own choice (a live curve needs it); the optimizers themselves never read back.
 */
export class RunTrainer {
  readonly steps: StepPoint[] = [];
  readonly evals: EvalPoint[] = [];
  diverged = false;
  private readonly random: SeededRandom;
  private order: number[] = [];

  constructor(
    readonly model: tfl.LayersModel,
    private readonly data: TrainingData,
    private readonly o: TrainerOptions,
  ) {
    this.random = new SeededRandom(o.seed);
  }

  /** One training step, and an evaluation when due or when `last`. */
  async step(last: boolean): Promise<void> {
    if (this.order.length < this.o.batchSize) {
      this.order = this.order.concat(this.random.shuffle(Array.from({ length: this.data.trainCount }, (_, k) => k)));
    }
    const batch = this.order.splice(0, this.o.batchSize);
    const [xb, yb] = tf.tidy(() => {
      const idx = tf.tensor1d(batch, 'int32');
      return [tf.gather(this.data.trainX, idx), tf.gather(this.data.trainY, idx)];
    });
    const start = performance.now();
    const loss = (await this.model.trainOnBatch(xb!, yb!)) as number;
    const ms = performance.now() - start;
    tf.dispose([xb!, yb!]);
    const point = { step: this.o.firstStep + this.steps.length + 1, loss, ms };
    this.steps.push(point);
    await this.o.onStep(point);
    if (!Number.isFinite(loss)) {
      this.diverged = true;
      return;
    }
    if (point.step % this.o.evalEvery === 0 || last) {
      const e = { step: point.step, accuracy: await testAccuracy(this.model, this.data) };
      this.evals.push(e);
      await this.o.onEval(e);
    }
  }

  /** Mean training loss over the last ten steps. */
  finalLoss(): number {
    const tail = this.steps.slice(-10);
    return tail.reduce((s, p) => s + p.loss, 0) / tail.length;
  }

  /** Median step time after the first two (shader compilation, first allocations). */
  medianStepMs(): number {
    const warmup = this.steps.length > 4 ? 2 : 1;
    const times = this.steps.slice(warmup).map((s) => s.ms).sort((a, b) => a - b);
    if (times.length === 0) return NaN;
    const mid = times.length >> 1;
    return times.length % 2 ? times[mid]! : (times[mid - 1]! + times[mid]!) / 2;
  }
}

/** Lets the browser repaint the charts between steps. */
export const yieldToBrowser = () => new Promise<void>((r) => setTimeout(r, 0));
