import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadBundledMnist, loadDataset, selectBackend, type BackendRequest } from '@tfjs-noise/examples';
import { machineLine } from './machine';
import type { DataSources, Experiment, Section, SectionRecord } from './papers/experiment';
import { renderReport } from './papers/report';
import { antiPgd } from './papers/antiPgd';
import { heavyTailed } from './papers/heavyTailed';
import { layerwise } from './papers/layerwise';
import { decentralizedNoise } from './papers/decentralizedNoise';
import { neelakantan } from './papers/neelakantan';
import { noiseInjectionNodes } from './papers/noiseInjectionNodes';
import { symmetricNoise } from './papers/symmetricNoise';

export const EXPERIMENTS = {
  neelakantan,
  symmetric: symmetricNoise,
  layerwise,
  'heavy-tailed': heavyTailed,
  nin: noiseInjectionNodes,
  decentralized: decentralizedNoise,
  'anti-pgd': antiPgd,
} satisfies Record<string, Experiment>;
export type ExperimentName = keyof typeof EXPERIMENTS;

export type PapersOptions = {
  quick: boolean;
  out: string;
  backend?: BackendRequest;
  only?: ExperimentName[];
  log?: (line: string) => void;
};

async function dataSources(log: (l: string) => void): Promise<DataSources> {
  const mnist = loadBundledMnist({ seed: 0 });
  try {
    return { mnist, fashion: await loadDataset('fashion-mnist'), fashionNote: '' };
  } catch (e) {
    log(`Fashion-MNIST not available (${(e as Error).message.split('. ')[0]}); using the bundled MNIST digits instead.`);
    return { mnist, fashion: mnist, fashionNote: ' (Fashion-MNIST was not installed on this machine, so the bundled MNIST digits stand in)' };
  }
}

const cpuSecondsNow = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

/** The records already in `out` (one `<id>.json` each), in EXPERIMENTS order; a file from another version is skipped. */
export function readRecords(out: string): SectionRecord[] {
  const records: SectionRecord[] = [];
  for (const id of Object.keys(EXPERIMENTS)) {
    const file = join(out, `${id}.json`);
    if (!existsSync(file)) continue;
    const r = JSON.parse(readFileSync(file, 'utf8')) as SectionRecord;
    if (r.id === id && Array.isArray(r.claims)) records.push(r);
  }
  return records;
}

/**
 * Runs the chosen paper reproductions (all by default), writes `<id>.json` and
 * the SVGs of each into `out`, then rebuilds REPORT.md from every record in
 * `out`, so an experiment run alone joins the ones committed before it.
 */
export async function runPapers(o: PapersOptions): Promise<{ sections: Section[]; report: string }> {
  const log = o.log ?? console.log;
  if (o.only?.length === 0) return { sections: [], report: writeReport(o.out) };
  const choice = await selectBackend(o.backend ?? 'auto');
  log(`Backend: ${choice.backend}. ${choice.reason}.`);
  const data = await dataSources(log);
  const names = o.only ?? (Object.keys(EXPERIMENTS) as ExperimentName[]);
  mkdirSync(o.out, { recursive: true });
  const sections: Section[] = [];
  for (const name of names) {
    log(`${name} …`);
    const t0 = performance.now();
    const c0 = cpuSecondsNow();
    const section = await EXPERIMENTS[name](data, { quick: o.quick, log });
    const record: SectionRecord = {
      ...section,
      charts: section.charts.map((c) => c.file),
      backend: choice.backend,
      machine: machineLine(choice.backend),
      quick: o.quick,
      date: new Date().toISOString().slice(0, 16).replace('T', ' ') + ' UTC',
      seconds: (performance.now() - t0) / 1000,
      cpuSeconds: cpuSecondsNow() - c0,
    };
    log(`${name}: ${record.seconds.toFixed(0)} s wall, ${record.cpuSeconds.toFixed(0)} s CPU; ${section.claims.map((c) => c.verdict).join(', ')}`);
    for (const c of section.charts) writeFileSync(join(o.out, c.file), c.svg);
    writeFileSync(join(o.out, `${name}.json`), JSON.stringify(record, null, 2) + '\n');
    sections.push(section);
  }
  const report = renderReport(readRecords(o.out));
  writeFileSync(join(o.out, 'REPORT.md'), report);
  return { sections, report };
}

/** Rebuilds `<out>/REPORT.md` from the records already there, running nothing. */
export function writeReport(out: string): string {
  const report = renderReport(readRecords(out));
  writeFileSync(join(out, 'REPORT.md'), report);
  return report;
}
