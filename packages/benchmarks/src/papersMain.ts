import '@tensorflow/tfjs-backend-cpu';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { EXPERIMENTS, runPapers, type ExperimentName } from './papers';

const { values } = parseArgs({ options: { quick: { type: 'boolean' }, out: { type: 'string' }, only: { type: 'string' } } });
const quick = values.quick ?? false;
const out = resolve(values.out ?? (quick ? 'out/papers-quick' : 'packages/benchmarks/results/papers'));
const only = values.only?.split(',') as ExperimentName[] | undefined;
for (const name of only ?? []) {
  if (!(name in EXPERIMENTS)) {
    console.error(`Error: --only: unknown experiment "${name}"; known: ${Object.keys(EXPERIMENTS).join(', ')}.`);
    process.exit(1);
  }
}
await runPapers({ quick, out, ...(only ? { only } : {}) });
console.log(`Wrote ${join(out, 'REPORT.md')}`);
