import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { SeededRandom } from '@tfjs-noise/examples/browser';
import type { TrainingData } from './trainingData';

export type StepPoint = { step: number; loss: number; ms: number };
export type EvalPoint = { step: number; accuracy: number };

export type StepOptions = {
  steps: number;
  batchSize: number;
  evalEvery: number;
  /** The optimizer step the run starts from (non-zero when continuing a loaded model). */
  firstStep: number;
  /** Seed of the batch order, so every optimizer sees the same batches. */
  seed: number;
  onStep: (p: StepPoint) => void;
  onEval: (p: EvalPoint) => void;
  shouldStop: () => boolean;
};

export type StepOutcome = { steps: StepPoint[]; evals: EvalPoint[]; diverged: boolean };

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
 * Trains `model` (compiled with the optimizer under test) for `steps` batches.
 * A step's cost is the wall time of `trainOnBatch`, which waits for the loss,
 * so GPU work is inside the timing on every backend; batch gathering happens
 * before the clock starts. The loss read each step is the page's own choice
 * (a live curve needs it); the optimizers themselves never read back.
 */
export async function trainSteps(model: tfl.LayersModel, data: TrainingData, o: StepOptions): Promise<StepOutcome> {
  const random = new SeededRandom(o.seed);
  let order: number[] = [];
  const steps: StepPoint[] = [];
  const evals: EvalPoint[] = [];
  let diverged = false;
  for (let i = 0; i < o.steps && !o.shouldStop(); i++) {
    if (order.length < o.batchSize) order = order.concat(random.shuffle(Array.from({ length: data.trainCount }, (_, k) => k)));
    const batch = order.splice(0, o.batchSize);
    const [xb, yb] = tf.tidy(() => {
      const idx = tf.tensor1d(batch, 'int32');
      return [tf.gather(data.trainX, idx), tf.gather(data.trainY, idx)];
    });
    const start = performance.now();
    const loss = (await model.trainOnBatch(xb!, yb!)) as number;
    const ms = performance.now() - start;
    tf.dispose([xb!, yb!]);
    const step = o.firstStep + i + 1;
    const point = { step, loss, ms };
    steps.push(point);
    o.onStep(point);
    if (!Number.isFinite(loss)) {
      diverged = true;
      break;
    }
    if (step % o.evalEvery === 0 || i === o.steps - 1) {
      const e = { step, accuracy: await testAccuracy(model, data) };
      evals.push(e);
      o.onEval(e);
    }
    // Yield to the browser so the charts repaint between steps.
    await new Promise((r) => setTimeout(r, 0));
  }
  return { steps, evals, diverged };
}

/** Median of the step times after the first `warmup` (shader compilation, first allocations). */
export function medianStepMs(steps: StepPoint[], warmup = 2): number {
  const times = steps.slice(steps.length > warmup + 2 ? warmup : 1).map((s) => s.ms).sort((a, b) => a - b);
  if (times.length === 0) return NaN;
  const mid = times.length >> 1;
  return times.length % 2 ? times[mid]! : (times[mid - 1]! + times[mid]!) / 2;
}
