import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { DecentralizedTraining, LocalLearner, shardIndices } from '@tfjs-noise/core/decentralized';
import { describe, expect, it } from 'vitest';

function mlp(seed: number, lr: number): tfl.LayersModel {
  const m = tfl.sequential();
  m.add(tfl.layers.dense({ units: 5, activation: 'tanh', inputShape: [3], kernelInitializer: tfl.initializers.glorotUniform({ seed }) }));
  m.add(tfl.layers.dense({ units: 2, kernelInitializer: tfl.initializers.glorotUniform({ seed: seed + 1 }) }));
  m.compile({ optimizer: tf.train.sgd(lr), loss: 'meanSquaredError' });
  return m;
}

const data = () => ({ xs: tf.randomNormal([24, 3], 0, 1, 'float32', 11), ys: tf.randomNormal([24, 2], 0, 1, 'float32', 12) });

function learnersFor(m: number, lr: number, batch: number, seed = 1) {
  const { xs, ys } = data();
  const shards = shardIndices(new Array(24).fill(0), m, { seed });
  const learners = shards.map((idx, i) => {
    const t = tf.tensor1d(idx, 'int32');
    const shard = { xs: tf.gather(xs, t), ys: tf.gather(ys, t) };
    t.dispose();
    return new LocalLearner(i, mlp(100 + i, lr), shard, batch);
  });
  return { learners, shards, xs, ys };
}

describe('DecentralizedTraining', () => {
  it('with equal shards, averaging after every step, no noise and plain SGD, equals large-batch SGD on the union', async () => {
    // Learner i steps w − lr·g_i on its batch B_i; the average is w − lr·(1/m)Σ g_i = w − lr·g(B_1 ∪ … ∪ B_m),
    // since every g_i is a mean over the same number of examples.
    const m = 3;
    const batch = 4;
    const { learners, shards, xs, ys } = learnersFor(m, 0.1, batch);
    const dt = new DecentralizedTraining({ learners, syncEvery: 1 });
    await dt.start();
    const reference = mlp(100, 0.1);
    await new LocalLearner(99, reference, { xs: tf.clone(xs), ys: tf.clone(ys) }, 1).setWeights(await learners[0]!.getWeights());
    for (let step = 0; step < 6; step++) {
      await dt.runRound();
      const union = shards.flatMap((idx) => idx.slice((step * batch) % idx.length, (step * batch) % idx.length + batch));
      const t = tf.tensor1d(union, 'int32');
      const bx = tf.gather(xs, t);
      const by = tf.gather(ys, t);
      await reference.trainOnBatch(bx, by);
      tf.dispose([t, bx, by]);
    }
    const avg = await dt.averagedWeights();
    const ref = reference.trainableWeights.map((w) => w.read().dataSync());
    avg.forEach((w, j) => w.forEach((v, k) => expect(Math.abs(v - ref[j]![k]!)).toBeLessThanOrEqual(1e-6)));
    dt.dispose();
    tf.dispose([xs, ys]);
  });

  it('adds independent, seeded noise to each learner after averaging', async () => {
    const make = async () => {
      const { learners, xs, ys } = learnersFor(3, 0, 4); // lr 0: training changes nothing
      tf.dispose([xs, ys]);
      const dt = new DecentralizedTraining({ learners, syncEvery: 2, noise: { scale: 0.1, seed: 42 } });
      await dt.start();
      // Give the learners different weights: noise before averaging would leave them all equal.
      for (const [i, l] of learners.entries()) await l.setWeights((await l.getWeights()).map((w) => w.map((v) => v + i)));
      const before = await dt.averagedWeights();
      await dt.runRound();
      return { dt, before, after: await Promise.all(learners.map((l) => l.getWeights())) };
    };
    const a = await make();
    for (const [i, weights] of a.after.entries()) {
      for (const [j, w] of weights.entries()) {
        const noise = (await a.dt.noiseFor(0, i, j, w.length))!;
        w.forEach((v, k) => expect(v).toBeCloseTo(a.before[j]![k]! + noise[k]!, 5));
      }
    }
    expect(Array.from(a.after[0]![0]!)).not.toEqual(Array.from(a.after[1]![0]!));
    const b = await make();
    expect(b.after.map((w) => Array.from(w[0]!))).toEqual(a.after.map((w) => Array.from(w[0]!)));
    a.dt.dispose();
    b.dt.dispose();
  });

  it('keeps numTensors flat across sync rounds', async () => {
    const { learners, xs, ys } = learnersFor(2, 0.05, 4);
    tf.dispose([xs, ys]);
    const dt = new DecentralizedTraining({ learners, syncEvery: 2, noise: { scale: 0.01, seed: 1 } });
    await dt.start();
    await dt.runRound();
    const n = tf.memory().numTensors;
    for (let r = 0; r < 5; r++) await dt.runRound();
    expect(tf.memory().numTensors).toBe(n);
    dt.dispose();
  });

  it('fails clearly on bad options', () => {
    expect(() => new DecentralizedTraining({ learners: [], syncEvery: 1 })).toThrow(/learners must hold at least one learner \(m >= 1\); got 0/);
    const { learners, xs, ys } = learnersFor(2, 0.1, 4);
    tf.dispose([xs, ys]);
    expect(() => new DecentralizedTraining({ learners, syncEvery: 0 })).toThrow(/syncEvery must be an integer >= 1; got 0/);
    expect(() => new DecentralizedTraining({ learners, syncEvery: 1, noise: { scale: -0.1 } })).toThrow(/noise\.scale must be a finite number >= 0; got -0\.1/);
    expect(() => shardIndices([1, 2, 3], 4)).toThrow(/m = 4 shards is larger than the data \(3 examples\)/);
    expect(() => shardIndices([1, 2, 3], 0)).toThrow(/m must be an integer >= 1; got 0/);
    learners.forEach((l) => l.dispose());
  });
});

describe('shardIndices', () => {
  it('iid: equal, disjoint shards; label: each shard sees few classes', () => {
    const labels = Array.from({ length: 100 }, (_, i) => i % 10);
    const iid = shardIndices(labels, 4, { seed: 1 });
    expect(iid.map((s) => s.length)).toEqual([25, 25, 25, 25]);
    expect(new Set(iid.flat()).size).toBe(100);
    const byLabel = shardIndices(labels, 5, { mode: 'label', seed: 1 });
    byLabel.forEach((s) => expect(new Set(s.map((i) => labels[i])).size).toBe(2));
    expect(shardIndices(labels, 4, { seed: 1 })).toEqual(iid);
  });
});
