import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { buildModel, SeededRandom } from '@tfjs-noise/examples';
import { beforeAll, describe, expect, it } from 'vitest';
import { StackedBatches, StackedMlp } from '../src/papers/stackedMlp';

const SHAPE: [number, number, number] = [2, 3, 1]; // 6 inputs
const CLASSES = 3;

/** One plain SGD step of a single tfjs-layers model, written out: mean CE of the logits, global-norm clip, w −= lr·g. */
function referenceStep(model: ReturnType<typeof buildModel>, x: tf.Tensor2D, y: tf.Tensor2D, lr: number, clip: number | null): void {
  const dense = model.layers.filter((l) => l.getClassName() === 'Dense');
  const vars = dense.flatMap((l) => l.trainableWeights.map((w) => w.read() as tf.Variable));
  const { value, grads } = tf.variableGrads(() => {
    let h: tf.Tensor = x;
    dense.forEach((l, i) => {
      const [k, b] = l.trainableWeights.map((w) => w.read());
      h = tf.add(tf.matMul(h, k!), b!);
      if (i < dense.length - 1) h = tf.relu(h);
    });
    return tf.mean(tf.neg(tf.sum(tf.mul(y, tf.logSoftmax(h)), -1))) as tf.Scalar;
  }, vars);
  value.dispose();
  tf.tidy(() => {
    const norm = tf.sqrt(tf.addN(vars.map((v) => tf.sum(tf.square(grads[v.name]!))))).dataSync()[0]!;
    const factor = clip === null ? 1 : clip / Math.max(norm, clip);
    for (const v of vars) v.assign(tf.sub(v, tf.mul(grads[v.name]!, lr * factor)));
  });
  tf.dispose(Object.values(grads));
}

describe('StackedMlp', () => {
  beforeAll(async () => void (await tf.setBackend('cpu')));

  it('K stacked replicas take exactly the steps of K separate models (own batches, own clipping)', async () => {
    const seeds = [3, 4, 5];
    const models = seeds.map((seed) => buildModel('mlp', SHAPE, CLASSES, { seed, init: 'he', hidden: [4, 4, 4] }));
    const stacked = StackedMlp.fromModels(models);
    expect(stacked.widths).toEqual([6, 4, 4, 4, 3]);
    const rng = new SeededRandom(11);
    const n = 10;
    // Replica 1's inputs are 100× larger, so its gradient norm passes the clip while the others' do not.
    const xs = seeds.map((_, k) => Array.from({ length: n * 6 }, () => (rng.next() - 0.5) * (k === 1 ? 100 : 1)));
    const labels = seeds.map(() => Array.from({ length: n }, () => Math.floor(rng.next() * CLASSES)));
    const lr = 0.1;
    const clip = 1;
    const opt = tf.train.sgd(lr);
    for (let step = 0; step < 3; step++) {
      const x3 = tf.tensor3d(xs.flat(), [seeds.length, n, 6]);
      const y3 = tf.cast(tf.oneHot(tf.tensor2d(labels.flat(), [seeds.length, n], 'int32'), CLASSES), 'float32') as tf.Tensor3D;
      stacked.step(opt, x3, y3, clip);
      tf.dispose([x3, y3]);
      models.forEach((m, k) => {
        const x = tf.tensor2d(xs[k]!, [n, 6]);
        const y = tf.cast(tf.oneHot(tf.tensor1d(labels[k]!, 'int32'), CLASSES), 'float32') as tf.Tensor2D;
        referenceStep(m, x, y, lr, clip);
        tf.dispose([x, y]);
      });
    }
    // Compare every weight of every replica.
    const hidden = (await stacked.wHidden!.array()) as number[][][][];
    const wIn = (await stacked.wIn.array()) as number[][][];
    const wOut = (await stacked.wOut.array()) as number[][][];
    const bOut = (await stacked.bOut.array()) as number[][][];
    models.forEach((m, k) => {
      const dense = m.layers.filter((l) => l.getClassName() === 'Dense');
      const kern = dense.map((l) => l.getWeights()[0]!.arraySync() as number[][]);
      const bias = dense.map((l) => l.getWeights()[1]!.arraySync() as number[]);
      const close = (a: number[][], b: number[][]) => a.flat().forEach((v, i) => expect(v).toBeCloseTo(b.flat()[i]!, 5));
      close(wIn[k]!, kern[0]!);
      close(hidden[0]![k]!, kern[1]!);
      close(hidden[1]![k]!, kern[2]!);
      close(wOut[k]!, kern[3]!);
      close(bOut[k]!, [bias[3]!]);
    });
    stacked.dispose();
    models.forEach((m) => m.dispose());
    opt.dispose();
  });

  it('per-replica accuracy and hidden-weight RMS match hand computation', async () => {
    const models = [1, 2].map((seed) => buildModel('mlp', SHAPE, CLASSES, { seed, init: 'he', hidden: [4, 4] }));
    const stacked = StackedMlp.fromModels(models);
    // RMS of the single 4 × 4 hidden → hidden matrix, per replica.
    const expected = models.map((m) => {
      const w = m.layers.filter((l) => l.getClassName() === 'Dense')[1]!.getWeights()[0]!.dataSync();
      return Math.sqrt(Array.from(w).reduce((a, v) => a + v * v, 0) / w.length);
    });
    (await stacked.hiddenRms()).forEach((r, k) => expect(r).toBeCloseTo(expected[k]!, 6));
    // Accuracy: argmax of each model's own prediction against labels, chunked (chunk 3 < N = 7).
    const rng = new SeededRandom(5);
    const xs = tf.tensor2d(Array.from({ length: 7 * 6 }, () => rng.next()), [7, 6]);
    const labels = tf.tensor1d([0, 1, 2, 0, 1, 2, 0], 'int32');
    const acc = await stacked.accuracy(xs, labels, 3);
    models.forEach((m, k) => {
      const pred = tf.argMax(m.predict(tf.reshape(xs, [7, ...SHAPE])) as tf.Tensor, -1).arraySync() as number[];
      const hits = pred.filter((p, i) => p === [0, 1, 2, 0, 1, 2, 0][i]).length;
      expect(acc[k]).toBeCloseTo(hits / 7, 10);
    });
    const before = tf.memory().numTensors;
    await stacked.accuracy(xs, labels, 3);
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([xs, labels]);
    stacked.dispose();
    models.forEach((m) => m.dispose());
  });

  it('rejects unequal hidden widths with the widths in the message', () => {
    const m = buildModel('mlp', SHAPE, CLASSES, { seed: 1, hidden: [4, 5] });
    expect(() => StackedMlp.fromModels([m])).toThrow(/same width; got widths \[6,4,5,3\]/);
    m.dispose();
  });

  it('StackedBatches reads the order fitShuffledEpoch uses, per replica and epoch', () => {
    const b = new StackedBatches([7, 9], 10, 4);
    expect(b.stepsPerEpoch).toBe(2);
    const order = (seed: number, epoch: number) => new SeededRandom(seed * 7919 + epoch).shuffle(Array.from({ length: 10 }, (_, i) => i));
    const at = (step: number) => b.indices(step).arraySync();
    expect(at(0)).toEqual([order(7, 0).slice(0, 4), order(9, 0).slice(0, 4)]);
    expect(at(1)).toEqual([order(7, 0).slice(4, 8), order(9, 0).slice(4, 8)]);
    expect(at(2)).toEqual([order(7, 1).slice(0, 4), order(9, 1).slice(0, 4)]);
    expect(() => new StackedBatches([1], 3, 4)).toThrow(/batchSize 4 exceeds the 3 examples/);
  });
});
