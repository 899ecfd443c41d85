import '@tensorflow/tfjs-backend-cpu';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { BACKENDS, type BackendRequest } from '@tfjs-noise/examples';
import { InvalidOptionError } from '@tfjs-noise/core';
import { machineLine } from './machine';
import { runSpeed, speedMarkdown } from './speed';
import { mergeSpeedResults, metaLines } from './speedResults';

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean' },
    out: { type: 'string' },
    'cnn-on-cpu': { type: 'boolean' },
    'cnn-on-webgpu': { type: 'boolean' },
    backends: { type: 'string' },
    // On a loaded machine more rounds tighten the medians; --models mlp skips the CNN.
    rounds: { type: 'string' },
    models: { type: 'string' },
  },
});
const quick = values.quick ?? false;
const out = resolve(values.out ?? 'packages/benchmarks/results');
// tensorflow (tfjs-node) and webgpu (Dawn in Node) are measured where they load and reported as
// not measured, with the reason, where they do not.
const backends = (values.backends ?? 'cpu,wasm,tensorflow,webgpu').split(',') as BackendRequest[];
for (const b of backends) {
  if (b === 'auto' || !BACKENDS.includes(b)) throw new InvalidOptionError('bench:speed', '--backends', b, `a comma-separated list of ${BACKENDS.filter((x) => x !== 'auto').join(', ')}`);
}
const report = await runSpeed({
  backends,
  models: (values.models ?? 'mlp,cnn').split(',') as Array<'mlp' | 'cnn'>,
  batchSize: 128,
  rounds: values.rounds ? Number(values.rounds) : quick ? 2 : 7,
  steps: quick ? 1 : 3,
  leakSteps: quick ? 50 : 1000,
  cnnOnCpu: values['cnn-on-cpu'] ?? false,
  cnnOnWebgpu: values['cnn-on-webgpu'] ?? false,
  log: console.log,
});
const gcNote = (globalThis as { gc?: unknown }).gc ? ' Node ran with --expose-gc: a full collection precedes each timed block.' : '';
const meta = machineLine(Object.keys(report.backends).join(', ')) + (quick ? ` Quick run (${values.rounds ?? 2} rounds × 1 step, leak check over 50 steps).` : '') + gcNote;
mkdirSync(out, { recursive: true });
const jsonPath = join(out, 'speed.json');
// Backends not asked for this time keep their saved figures.
const saved = mergeSpeedResults(existsSync(jsonPath) ? JSON.parse(readFileSync(jsonPath, 'utf8')) : undefined, report, backends, meta);
writeFileSync(jsonPath, JSON.stringify(saved, null, 2));
writeFileSync(join(out, 'speed.md'), speedMarkdown(saved, metaLines(saved)));
console.log(speedMarkdown(report, meta));
console.log(`Wrote ${jsonPath} and speed.md (${Object.keys(saved.backends).join(', ')})`);
