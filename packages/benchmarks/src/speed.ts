import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { buildModel, selectBackend, type BackendRequest } from '@tfjs-noise/examples';
import { drawSpeed, type DrawRow } from './drawSpeed';
import { catalog, type CatalogEntry } from './optimizerCatalog';
import { fmt, markdownTable, median } from './stats';
import { timedStep } from './timedStep';

export type SpeedOptions = {
  backends: BackendRequest[];
  models: Array<'mlp' | 'cnn'>;
  batchSize: number;
  /** Interleaved rounds; each round times `steps` steps of every optimizer. */
  rounds: number;
  steps: number;
  /** Steps of the leak check (tiny MLP, batch 32). */
  leakSteps: number;
  /** Skip the CNN on the pure-JS cpu backend (about 20 s per step there). */
  cnnOnCpu: boolean;
  /** Skip the CNN on webgpu (about 10 s per step on SwiftShader, the emulated GPU of machines without one). */
  cnnOnWebgpu?: boolean;
  log: (line: string) => void;
};

export type SpeedRow = {
  backend: string;
  model: string;
  optimizer: string;
  passes: number;
  msPerStep: number;
  ratioSgd: number;
  ratioAdam: number;
  /**
   * The same from this process's CPU time (process.cpuUsage, user + system)
   * instead of wall time: the cpu and wasm backends run the step on the
   * calling thread, so CPU time is the step's cost without the time other
   * processes took from it on a shared machine (on tensorflow it includes
   * TensorFlow's own threads).
   */
  cpuMsPerStep: number;
  cpuRatioSgd: number;
  cpuRatioAdam: number;
  noiseMs: number;
  noiseShare: number;
  extraBytes: number;
  modelBytes: number;
  target: string;
  meetsTarget: boolean | null;
};

export type LeakRow = { backend: string; optimizer: string; steps: number; tensorsDelta: number; bytesDelta: number; numTensors: number; numBytes: number };

/** Something a run did not measure, and why; `backend` is the request it belongs to. */
export type Skip = { backend: string; reason: string };

export type SpeedReport = { rows: SpeedRow[]; draws: DrawRow[]; leaks: LeakRow[]; skipped: Skip[]; backends: Record<string, string> };

/**
 * A full garbage collection before each timed block when Node runs with
 * --expose-gc: otherwise a collection of garbage made by one optimizer (or
 * generator) is billed to whichever runs next.
 */
export function collectGarbage(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

/** Weights of the MLP 784-256-256-10: the draw size of one gradient-noise step. */
export const MLP_ELEMENTS = 784 * 256 + 256 + 256 * 256 + 256 + 256 * 10 + 10;

type Bench = { entry: CatalogEntry; model: tfl.LayersModel; opt: tf.Optimizer; vars: tf.Variable[]; times: number[]; cpu: number[]; noise: number[]; extraBytes: number; modelBytes: number };

function batch(model: 'mlp' | 'cnn', n: number) {
  return tf.tidy(() => ({
    xs: tf.randomUniform([n, 28, 28, 1], 0, 1, 'float32', 5),
    ys: tf.cast(tf.oneHot(tf.randomUniform([n], 0, 10, 'int32', 6) as tf.Tensor1D, 10), 'float32'),
    model,
  }));
}

async function makeBench(entry: CatalogEntry, modelName: 'mlp' | 'cnn', data: { xs: tf.Tensor; ys: tf.Tensor }, hidden?: number[]): Promise<Bench> {
  const before = tf.memory().numBytes;
  const model = buildModel(modelName, [28, 28, 1], 10, { seed: 1, hidden: hidden ?? [256, 256] });
  const modelBytes = tf.memory().numBytes - before;
  const opt = entry.make();
  const vars = model.trainableWeights.map((w) => w.read() as tf.Variable);
  const bench: Bench = { entry, model, opt, vars, times: [], cpu: [], noise: [], extraBytes: 0, modelBytes };
  try {
    for (let i = 0; i < 2; i++) await step(bench, data); // slots exist after the first step
  } catch (e) {
    model.dispose();
    opt.dispose();
    throw e;
  }
  bench.extraBytes = tf.memory().numBytes - before - modelBytes;
  return bench;
}

async function step(b: Bench, data: { xs: tf.Tensor; ys: tf.Tensor }) {
  const loss = () => tf.losses.softmaxCrossEntropy(data.ys, b.model.apply(data.xs) as tf.Tensor) as tf.Scalar;
  await timedStep(b.entry, b.opt, loss, b.vars);
}

const firstLine = (e: unknown) => ((e as Error)?.message ?? String(e)).split('\n')[0]!;

/**
 * Median step time of every optimizer as a ratio to tf.train.sgd and
 * tf.train.adam measured interleaved in the same process (this machine is
 * noisy: round-robin keeps slow phases from landing on one optimizer), the
 * share of the step spent drawing noise, extra persistent bytes, and a
 * 1,000-step tensor/byte count.
 */
export async function runSpeed(o: SpeedOptions): Promise<SpeedReport> {
  const rows: SpeedRow[] = [];
  const draws: DrawRow[] = [];
  const leaks: LeakRow[] = [];
  const skipped: Skip[] = [];
  const backends: Record<string, string> = {};
  for (const request of o.backends) {
    let choice;
    try {
      choice = await selectBackend(request);
    } catch (e) {
      skipped.push({ backend: request, reason: (e as Error).message });
      continue;
    }
    backends[choice.backend] = choice.reason;
    o.log(`  ${choice.backend}: noise draw speed`);
    draws.push(...drawSpeed(choice.backend, MLP_ELEMENTS, o.rounds, o.steps));
    for (const modelName of o.models) {
      if (modelName === 'cnn' && choice.backend === 'cpu' && !o.cnnOnCpu) {
        skipped.push({ backend: request, reason: 'cnn on cpu: skipped (about 20 s per step on the pure-JS backend; pass --cnn-on-cpu to run it)' });
        continue;
      }
      if (modelName === 'cnn' && choice.backend === 'webgpu' && !o.cnnOnWebgpu) {
        skipped.push({ backend: request, reason: 'cnn on webgpu: skipped (about 10 s per step on SwiftShader; pass --cnn-on-webgpu to run it)' });
        continue;
      }
      const data = batch(modelName, o.batchSize);
      // An optimizer that fails on this backend is reported, not allowed to hide the others' figures.
      const benches: Bench[] = [];
      for (const entry of catalog()) {
        try {
          benches.push(await makeBench(entry, modelName, data));
        } catch (e) {
          skipped.push({ backend: request, reason: `${entry.name} on ${choice.backend} (${modelName}) failed: ${firstLine(e)}` });
        }
      }
      if (!['tf.train.sgd', 'tf.train.adam'].every((n) => benches.some((b) => b.entry.name === n))) {
        skipped.push({ backend: request, reason: `${modelName} on ${choice.backend}: no baseline (tf.train.sgd/adam failed), no ratios` });
        for (const b of benches) {
          b.model.dispose();
          b.opt.dispose();
        }
        tf.dispose([data.xs, data.ys]);
        continue;
      }
      const shapes = benches[0]!.vars.map((v) => v.shape);
      for (let round = 0; round < o.rounds; round++) {
        for (const b of benches) {
          collectGarbage();
          const c0 = process.cpuUsage();
          const t0 = performance.now();
          for (let s = 0; s < o.steps; s++) await step(b, data);
          b.times.push((performance.now() - t0) / o.steps);
          const c = process.cpuUsage(c0);
          b.cpu.push((c.user + c.system) / 1000 / o.steps);
          const n0 = performance.now();
          for (let s = 0; s < o.steps; s++) b.entry.drawNoise(shapes, round * o.steps + s);
          b.noise.push((performance.now() - n0) / o.steps);
        }
        o.log(`  ${choice.backend} ${modelName}: round ${round + 1}/${o.rounds}`);
      }
      const base = (name: string, what: 'times' | 'cpu' = 'times') => median(benches.find((b) => b.entry.name === name)![what]);
      const sgd = base('tf.train.sgd');
      const adam = base('tf.train.adam');
      const cpuSgd = base('tf.train.sgd', 'cpu');
      const cpuAdam = base('tf.train.adam', 'cpu');
      for (const b of benches) {
        const ms = median(b.times);
        const cpuMs = median(b.cpu);
        const ratio = (v: 'sgd' | 'adam') => ms / (v === 'sgd' ? sgd : adam);
        const cpuRatio = (v: 'sgd' | 'adam') => cpuMs / (v === 'sgd' ? cpuSgd : cpuAdam);
        const target = b.entry.target;
        const targetRatio = target ? (target.byBackend?.[choice.backend] ?? target.ratio) : 0;
        rows.push({
          backend: choice.backend,
          model: modelName === 'mlp' ? 'MLP 784-256-256-10' : 'CNN c16-p-c32-p-d10',
          optimizer: b.entry.name,
          passes: b.entry.passes,
          msPerStep: ms,
          ratioSgd: ratio('sgd'),
          ratioAdam: ratio('adam'),
          cpuMsPerStep: cpuMs,
          cpuRatioSgd: cpuRatio('sgd'),
          cpuRatioAdam: cpuRatio('adam'),
          noiseMs: median(b.noise),
          noiseShare: median(b.noise) / ms,
          extraBytes: b.extraBytes,
          modelBytes: b.modelBytes,
          target: target ? `≤ ${targetRatio.toFixed(2)}× ${target.versus}` : '–',
          // Judged on CPU time (see cpuMsPerStep); the wall-time ratios are printed beside it.
          meetsTarget: target ? cpuRatio(target.versus) <= targetRatio : null,
        });
        b.model.dispose();
        b.opt.dispose();
      }
      tf.dispose([data.xs, data.ys]);
    }
    leaks.push(...(await leakCheck(choice.backend, o.leakSteps, (e) => skipped.push({ backend: request, reason: e }))));
  }
  return { rows, draws, leaks, skipped, backends };
}

/** numTensors and numBytes before and after `steps` steps of each optimizer on a tiny MLP, on the active backend. */
async function leakCheck(backend: string, steps: number, failed: (reason: string) => void): Promise<LeakRow[]> {
  const data = batch('mlp', 32);
  const out: LeakRow[] = [];
  for (const entry of catalog()) {
    let b: Bench;
    try {
      b = await makeBench(entry, 'mlp', data, [32]);
    } catch (e) {
      failed(`leak check of ${entry.name} on ${backend} failed: ${firstLine(e)}`);
      continue;
    }
    const t0 = tf.memory().numTensors;
    const b0 = tf.memory().numBytes;
    for (let s = 0; s < steps; s++) await step(b, data);
    out.push({ backend, optimizer: entry.name, steps, tensorsDelta: tf.memory().numTensors - t0, bytesDelta: tf.memory().numBytes - b0, numTensors: tf.memory().numTensors, numBytes: tf.memory().numBytes });
    b.model.dispose();
    b.opt.dispose();
  }
  tf.dispose([data.xs, data.ys]);
  return out;
}

export function speedMarkdown(r: SpeedReport, meta: string | string[]): string {
  const kb = (b: number) => `${(b / 1024).toFixed(1)} KiB`;
  const table = markdownTable(
    ['backend', 'model', 'optimizer', 'passes', 'CPU ms / step', '× sgd (CPU)', '× adam (CPU)', 'wall ms / step', '× sgd (wall)', '× adam (wall)', 'noise share', 'extra bytes', 'target (CPU)', 'met'],
    r.rows.map((x) => [
      x.backend, x.model, x.optimizer, String(x.passes), fmt(x.cpuMsPerStep, 1), fmt(x.cpuRatioSgd, 3), fmt(x.cpuRatioAdam, 3),
      fmt(x.msPerStep, 1), fmt(x.ratioSgd, 3), fmt(x.ratioAdam, 3),
      `${fmt(100 * x.noiseShare, 1)}%`, `${kb(x.extraBytes)} (${fmt((100 * x.extraBytes) / x.modelBytes, 0)}% of weights)`,
      x.target, x.meetsTarget === null ? '' : x.meetsTarget ? 'yes' : '**no**',
    ]),
  );
  const draws = markdownTable(
    ['backend', 'generator', 'returns', 'host noise', 'CPU ns / element', 'wall ns / element', 'tf.randomNormal ÷ this (CPU)'],
    (r.draws ?? []).map((d) => [d.backend, d.generator, d.output, d.host, fmt(d.cpuNsPerElement, 2), fmt(d.nsPerElement, 2), `${fmt(d.speedupVsRandomNormal, 1)}×`]),
  );
  const leaks = markdownTable(
    ['backend', 'optimizer', 'steps', 'Δ numTensors', 'Δ numBytes'],
    r.leaks.map((l) => [l.backend, l.optimizer, String(l.steps), String(l.tensorsDelta), String(l.bytesDelta)]),
  );
  return [
    '# Speed benchmark',
    '',
    ...(Array.isArray(meta) ? meta.flatMap((m) => [m, '']) : [meta, '']),
    'Median time per training step (`minimize` on one batch of 128, including the forward and backward passes, then an',
    'asynchronous read of the loss so the step has finished), measured round-robin in one process, as a ratio to',
    '`tf.train.sgd` and `tf.train.adam` measured in the same rounds. "Noise share" is the time to draw the step\'s noise',
    'alone over the step time. "Extra bytes" is what the optimizer keeps between steps. Compare ratios across backends,',
    'not milliseconds: each backend ran at its own time on a shared machine. Times are this process\'s CPU time (user +',
    'system) and wall time; targets are judged on CPU time, which other processes on a shared machine do not inflate.',
    '',
    table,
    '',
    `## Noise draw speed: ${MLP_ELEMENTS.toLocaleString('en-US')} elements (one MLP step)`,
    '',
    'Median ns per element (CPU and wall time) over the same rounds as the steps, each generator timed round-robin with',
    '`tf.randomNormal`. "v1" is the 0.1.0 stream (polar normals, tf-op α-stable), "v2" the current one; "JS twin" is the',
    'bit-identical fallback used where WebAssembly SIMD is missing.',
    '',
    draws,
    '',
    ...(r.skipped.length ? ['Not measured:', '', ...r.skipped.map((s) => `- ${s.backend}: ${s.reason}`), ''] : []),
    `## Leak check: ${r.leaks[0]?.steps ?? 0} steps on an MLP 784-32-10, batch 32`,
    '',
    leaks,
    '',
  ].join('\n');
}
