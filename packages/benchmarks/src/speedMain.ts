import '@tensorflow/tfjs-backend-cpu';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { machineLine } from './machine';
import { runSpeed, speedMarkdown } from './speed';

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean' },
    out: { type: 'string' },
    'cnn-on-cpu': { type: 'boolean' },
    backends: { type: 'string' },
    // On a loaded machine more rounds tighten the medians; --models mlp skips the CNN.
    rounds: { type: 'string' },
    models: { type: 'string' },
  },
});
const quick = values.quick ?? false;
const out = resolve(values.out ?? 'packages/benchmarks/results');
const backends = (values.backends ?? 'cpu,wasm,webgpu').split(',') as Array<'cpu' | 'wasm' | 'webgpu'>;
const report = await runSpeed({
  backends,
  models: (values.models ?? 'mlp,cnn').split(',') as Array<'mlp' | 'cnn'>,
  batchSize: 128,
  rounds: values.rounds ? Number(values.rounds) : quick ? 2 : 7,
  steps: quick ? 1 : 3,
  leakSteps: quick ? 50 : 1000,
  cnnOnCpu: values['cnn-on-cpu'] ?? false,
  log: console.log,
});
const gcNote = (globalThis as { gc?: unknown }).gc ? ' Node ran with --expose-gc: a full collection precedes each timed block.' : '';
const meta = machineLine(Object.keys(report.backends).join(', ')) + gcNote;
mkdirSync(out, { recursive: true });
writeFileSync(join(out, 'speed.json'), JSON.stringify({ meta, quick, ...report }, null, 2));
const md = speedMarkdown(report, meta + (quick ? ' Quick run (2 rounds × 1 step): smoke only.' : ''));
writeFileSync(join(out, 'speed.md'), md);
console.log(md);
console.log(`Wrote ${join(out, 'speed.json')} and speed.md`);
