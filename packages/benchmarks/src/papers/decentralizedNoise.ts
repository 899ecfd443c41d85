import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { DecentralizedTraining, LocalLearner, shardIndices } from '@tfjs-noise/core/decentralized';
import { fmt, markdownTable, mean, pm, std } from '../stats';
import { barChart } from './charts';
import type { DataSources } from './experiment';
import type { LegacyScale as Scale, LegacySection as Section } from './legacySection';
import { evaluate, tensorsOf, trainAndEvaluate } from './trainer';

type Kind = 'non-linear MLP' | 'linear (softmax regression)';

function model(kind: Kind, seed: number, lr: number): tfl.LayersModel {
  const m = tfl.sequential();
  m.add(tfl.layers.flatten({ inputShape: [28, 28, 1] }));
  if (kind === 'non-linear MLP') m.add(tfl.layers.dense({ units: 64, activation: 'relu', kernelInitializer: tfl.initializers.heNormal({ seed }) }));
  m.add(tfl.layers.dense({ units: 10, activation: 'softmax', kernelInitializer: tfl.initializers.glorotUniform({ seed: seed + 1 }) }));
  m.compile({ optimizer: tf.train.sgd(lr), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
  return m;
}

/**
 * Adilova, Paul, Schlicht 2018: m learners on their own shards, averaged every
 * b local steps, with and without zero-mean weight noise after each average;
 * a non-linear MLP and a linear model, against a serial baseline on all data.
 */
export async function decentralizedNoise(data: DataSources, s: Scale): Promise<Section> {
  const d = data.mnist;
  const train = tensorsOf(d.train, d);
  const test = tensorsOf(d.test, d);
  const lr = 0.1;
  const batch = 32;
  const syncEvery = 10;
  const sigma = 0.01;
  const passes = s.quick ? 1 : 3;
  const ms = s.quick ? [4] : [4, 8];
  const kinds: Kind[] = ['non-linear MLP', 'linear (softmax regression)'];
  const rows: Array<{ kind: Kind; m: number; noise: number; local: number[]; averaged: number[] }> = [];
  const serial: Record<string, number[]> = {};
  for (const kind of kinds) {
    serial[kind] = [];
    for (const seed of s.seeds) {
      const baseline = model(kind, seed, lr);
      const r = await trainAndEvaluate(baseline, tf.train.sgd(lr), train, test, { epochs: passes, batchSize: batch, seed });
      baseline.dispose();
      serial[kind]!.push(r.testAccuracy);
    }
    for (const m of ms) {
      for (const noise of [0, sigma]) {
        const local: number[] = [];
        const averaged: number[] = [];
        for (const seed of s.seeds) {
          const shards = shardIndices(d.train.labels, m, { seed });
          const learners = shards.map((idx, i) => {
            const t = tf.tensor1d(idx, 'int32');
            const shard = { xs: tf.gather(train.xs, t), ys: tf.gather(train.ys, t) };
            t.dispose();
            return new LocalLearner(i, model(kind, seed, lr), shard, batch);
          });
          const dt = new DecentralizedTraining({ learners, syncEvery, ...(noise > 0 ? { noise: { scale: noise, seed } } : {}) });
          await dt.start();
          const rounds = Math.ceil((passes * shards[0]!.length) / batch / syncEvery);
          for (let r = 0; r < rounds; r++) await dt.runRound();
          // Final local phase: each learner trains b more steps on its own data, unsynchronised.
          await Promise.all(learners.map((l) => l.train(syncEvery)));
          local.push(mean(learners.map((l) => evaluate(l.model, test)[1])));
          const avgModel = model(kind, seed, lr);
          const avg = await dt.averagedWeights();
          avgModel.trainableWeights.forEach((v, j) => {
            const t = tf.tensor(avg[j]!, v.shape as number[]);
            v.write(t);
            t.dispose();
          });
          averaged.push(evaluate(avgModel, test)[1]);
          avgModel.dispose();
          dt.dispose();
        }
        rows.push({ kind, m, noise, local, averaged });
        s.log(`  decentralized ${kind} m=${m} σ=${noise}: local ${pm(local, 2, 100)}%, averaged ${pm(averaged, 2, 100)}%`);
      }
    }
  }
  tf.dispose([train.xs, train.ys, test.xs, test.ys]);

  const table = markdownTable(
    ['model', 'learners m', 'noise σ', 'local models % (mean ± std)', 'averaged model %', 'serial baseline %'],
    rows.map((r) => [r.kind, String(r.m), String(r.noise), pm(r.local, 2, 100), pm(r.averaged, 2, 100), pm(serial[r.kind]!, 2, 100)]),
  );
  const gain = (kind: Kind) =>
    ms.map((m) => {
      const on = rows.find((r) => r.kind === kind && r.m === m && r.noise > 0)!;
      const off = rows.find((r) => r.kind === kind && r.m === m && r.noise === 0)!;
      return { m, gain: mean(on.local) - mean(off.local), spread: std(on.local) + std(off.local) };
    });
  const nonlinear = gain('non-linear MLP');
  const linear = gain('linear (softmax regression)');
  const helps = nonlinear.every((g) => g.gain > Math.max(g.spread, 0.002));
  const neutral = linear.every((g) => Math.abs(g.gain) <= Math.max(g.spread, 0.002));
  const chart = await barChart(
    rows.map((r) => ({ config: `${r.kind.split(' ')[0]} m=${r.m}`, noise: r.noise > 0 ? `noise σ=${r.noise}` : 'no noise', accuracy: 100 * mean(r.local), sd: 100 * std(r.local) })),
    { x: 'config', y: 'accuracy', color: 'noise', err: 'sd', title: 'Local-model test accuracy %' },
  );
  const fmtGain = (gs: typeof nonlinear) => gs.map((g) => `m=${g.m}: ${fmt(100 * g.gain, 2)} points (seed spread ${fmt(100 * g.spread, 2)})`).join(', ');
  return {
    title: 'Noise in decentralized training (Adilova, Paul, Schlicht 2018)',
    claim:
      'Zero-mean weight noise injected into the local models of decentralized training does nothing in expectation for linear models, and helps non-linear local models approach the serial baseline.',
    setup:
      `${d.name}: ${d.train.count} train / ${d.test.count} test, iid shards of ⌊${d.train.count}/m⌋ examples. m ∈ {${ms.join(', ')}} learners, SGD lr ${lr}, ` +
      `batch ${batch}, averaging every ${syncEvery} local steps, ${passes} pass(es) over each shard, then ${syncEvery} unsynchronised local steps before ` +
      `the local models are evaluated. Noise: Gaussian σ = ${sigma} per weight, independent per learner, after each average. Serial baseline: one ` +
      `model on all data, same lr and batch, ${passes} epoch(s). Seeds ${s.seeds.join(', ')}. The paper's protocol details were not available; this is the project's reading.`,
    tables: [table],
    charts: [{ file: 'decentralized.svg', svg: chart }],
    verdict:
      `Noise minus no noise, local models: non-linear ${fmtGain(nonlinear)}; linear ${fmtGain(linear)}. ` +
      `Rule: reproduced when the non-linear gain exceeds its seed spread (and 0.2 points) for every m while the linear change stays within its spread: ` +
      `${helps && neutral ? 'reproduced' : `not reproduced at this scale (non-linear gain ${helps ? 'clear' : 'not clear'}, linear change ${neutral ? 'within noise' : 'beyond noise'})`}.`,
    data: { rows, serial },
  };
}
