import * as tf from '@tensorflow/tfjs-core';
import { sharpness, type SymmetricMode } from '@tfjs-noise/core';
import { buildModel } from '@tfjs-noise/examples';
import { SymmetricSGD } from '@tfjs-noise/optimizers';
import { fmt, markdownTable, mean, pm, std } from '../stats';
import { barChart } from './charts';
import type { DataSources } from './experiment';
import type { LegacyScale as Scale, LegacySection as Section } from './legacySection';
import { lossOn, sliceTensors, subsets, trainAndEvaluate, variablesOf } from './trainer';

type Method = { label: string; mode: SymmetricMode | null };
const METHODS: Method[] = [
  { label: 'SGD', mode: null },
  { label: 'one-sided noise', mode: 'one-sided' },
  { label: 'symmetric two-point', mode: 'two-point' },
  { label: 'symmetric alternating', mode: 'alternating' },
];

/**
 * Sung et al. 2020: symmetric weight noise, evaluated at w + n and w − n with
 * n of fixed magnitude, against SGD and one-sided noise, at a small and a
 * large batch; test accuracy and sharpness of the solution.
 */
export async function symmetricNoise(data: DataSources, s: Scale): Promise<Section> {
  const d = data.fashion;
  const { train, test, trainSplit, testSplit } = subsets(d, s.quick ? 4000 : 10000, 5000);
  const probe = sliceTensors(train, 2000);
  const epochs = s.epochs(8);
  const magnitude = 0.05;
  const radius = 1;
  const batches = [
    { size: 128, lr: 0.1 },
    { size: 2048, lr: 0.4 },
  ];
  const rows: Array<{ batch: number; method: string; acc: number[]; sharp: number[] }> = [];
  for (const b of batches) {
    for (const m of METHODS) {
      const acc: number[] = [];
      const sharp: number[] = [];
      for (const seed of s.seeds) {
        const model = buildModel('mlp', d.imageShape, d.numClasses, { seed, hidden: [128] });
        const opt = m.mode === null ? tf.train.sgd(b.lr) : new SymmetricSGD({ learningRate: b.lr, noise: magnitude, mode: m.mode, seed });
        const r = await trainAndEvaluate(model, opt, train, test, { epochs, batchSize: b.size, seed });
        acc.push(r.testAccuracy);
        sharp.push((await sharpness(lossOn(model, probe), variablesOf(model), { radius, directions: s.quick ? 2 : 8, seed })).mean);
        model.dispose();
        s.log(`  symmetric batch ${b.size} ${m.label} seed ${seed}: ${fmt(100 * r.testAccuracy, 2)}%, sharpness ${fmt(sharp.at(-1)!, 4)}`);
      }
      rows.push({ batch: b.size, method: m.label, acc, sharp });
    }
  }
  tf.dispose([train.xs, train.ys, test.xs, test.ys, probe.xs, probe.ys]);

  const table = markdownTable(
    ['batch', 'method', 'test accuracy % (mean ± std)', 'best %', 'sharpness (mean ± std)'],
    rows.map((r) => [String(r.batch), r.method, pm(r.acc, 2, 100), fmt(100 * Math.max(...r.acc), 2), pm(r.sharp, 4)]),
  );
  const cell = (batch: number, method: string) => rows.find((r) => r.batch === batch && r.method === method)!;
  const gain = (batch: number) => mean(cell(batch, 'symmetric two-point').acc) - mean(cell(batch, 'SGD').acc);
  const small = gain(128);
  const large = gain(2048);
  const noiseFloor = (batch: number) => std(cell(batch, 'symmetric two-point').acc) + std(cell(batch, 'SGD').acc);
  const flatter = (batch: number) => mean(cell(batch, 'symmetric two-point').sharp) < mean(cell(batch, 'SGD').sharp);
  const chart = await barChart(
    rows.map((r) => ({ batch: `batch ${r.batch}`, method: r.method, accuracy: 100 * mean(r.acc), sd: 100 * std(r.acc) })),
    { x: 'batch', y: 'accuracy', color: 'method', err: 'sd', title: `${d.name}: test accuracy % by batch size` },
  );
  return {
    title: 'Symmetric weight noise and batch size (Sung et al. 2020)',
    claim: 'Evaluating the loss at the two adjacent points w + n and w − n (fixed-magnitude noise) improves generalisation, most with large batches.',
    setup:
      `${d.name}${data.fashionNote}: ${trainSplit.count} train / ${testSplit.count} test. MLP 784-128-10. Batch 128 (lr 0.1) and 2048 ` +
      `(lr 0.4, square-root scaling), ${epochs} epochs, seeds ${s.seeds.join(', ')}. Noise: Rademacher, magnitude ${magnitude} × RMS of each tensor ` +
      `(relative). Sharpness: mean loss increase on 2,000 training images under random weight perturbations of global norm ${radius} ` +
      '(antithetic pairs). The paper\'s own architectures and magnitudes were not available; this is the project\'s reading of its abstract.',
    tables: [table],
    charts: [{ file: 'symmetric.svg', svg: chart }],
    verdict:
      `Two-point minus SGD: ${fmt(100 * small, 2)} points at batch 128 (seed spread ${fmt(100 * noiseFloor(128), 2)}), ` +
      `${fmt(100 * large, 2)} points at batch 2048 (seed spread ${fmt(100 * noiseFloor(2048), 2)}). ` +
      `Rule: "largest gains with large batches" reproduces when the batch-2048 gain exceeds both the batch-128 gain and its seed spread: ` +
      `${large > small && large > noiseFloor(2048) ? 'reproduced' : 'not reproduced at this scale'}. ` +
      `Two-point solutions are ${flatter(128) ? 'flatter' : 'not flatter'} than SGD's at batch 128 and ${flatter(2048) ? 'flatter' : 'not flatter'} at batch 2048 (by the sharpness measure).`,
    data: rows,
  };
}
