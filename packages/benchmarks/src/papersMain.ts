import '@tensorflow/tfjs-backend-cpu';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { BACKENDS, type BackendRequest } from '@tfjs-noise/examples';
import { EXPERIMENTS, runPapers, writeReport, type ExperimentName } from './papers';

const fail = (message: string): never => {
  console.error(`Error: ${message}`);
  process.exit(1);
};
let values: { quick?: boolean; out?: string; only?: string; backend?: string; report?: boolean };
try {
  ({ values } = parseArgs({ options: { quick: { type: 'boolean' }, out: { type: 'string' }, only: { type: 'string' }, backend: { type: 'string' }, report: { type: 'boolean' } } }));
} catch (e) {
  fail(`${(e as Error).message}. Usage: bench:papers [--quick] [--only ${Object.keys(EXPERIMENTS).join(',')}] [--backend ${BACKENDS.join('|')}] [--out dir] [--report (rebuild REPORT.md from the saved records, run nothing)]`);
}
const quick = values!.quick ?? false;
const out = resolve(values!.out ?? (quick ? 'out/papers-quick' : 'packages/benchmarks/results/papers'));
const only = values!.only?.split(',') as ExperimentName[] | undefined;
for (const name of only ?? []) if (!(name in EXPERIMENTS)) fail(`--only: unknown experiment "${name}"; known: ${Object.keys(EXPERIMENTS).join(', ')}.`);
const backend = values!.backend;
if (backend !== undefined && !(BACKENDS as readonly string[]).includes(backend)) fail(`--backend: unknown backend "${backend}"; allowed: ${BACKENDS.join(', ')}.`);
if (values!.report) writeReport(out);
else await runPapers({ quick, out, ...(only ? { only } : {}), ...(backend ? { backend: backend as BackendRequest } : {}) });
console.log(`Wrote ${join(out, 'REPORT.md')}`);
