import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadBundledMnist, loadDataset, selectBackend, type BackendRequest } from '@tfjs-noise/examples';
import { machineLine } from './machine';
import type { DataSources, Section } from './papers/experiment';
import { antiPgd } from './papers/antiPgd';
import { heavyTailed } from './papers/heavyTailed';
import { layerwise } from './papers/layerwise';
import { decentralizedNoise } from './papers/decentralizedNoise';
import { neelakantan } from './papers/neelakantan';
import { noiseInjectionNodes } from './papers/noiseInjectionNodes';
import { symmetricNoise } from './papers/symmetricNoise';
import { markdownTable } from './stats';

export const EXPERIMENTS = {
  neelakantan,
  symmetric: symmetricNoise,
  layerwise,
  'heavy-tailed': heavyTailed,
  nin: noiseInjectionNodes,
  decentralized: decentralizedNoise,
  'anti-pgd': antiPgd,
} as const;
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

/** Runs the paper reproductions and writes REPORT.md, one SVG per chart and papers.json into `out`. */
export async function runPapers(o: PapersOptions): Promise<{ sections: Section[]; report: string }> {
  const log = o.log ?? console.log;
  const started = performance.now();
  const choice = await selectBackend(o.backend ?? 'auto');
  log(`Backend: ${choice.backend}. ${choice.reason}.`);
  const data = await dataSources(log);
  const scale = {
    quick: o.quick,
    seeds: o.quick ? [1] : [1, 2, 3],
    epochs: (full: number) => (o.quick ? 1 : full),
    log,
  };
  const names = o.only ?? (Object.keys(EXPERIMENTS) as ExperimentName[]);
  const sections: Section[] = [];
  for (const name of names) {
    log(`${name} …`);
    const t0 = performance.now();
    const section = await EXPERIMENTS[name](data, name === 'layerwise' && !o.quick ? { ...scale, seeds: [1, 2] } : scale);
    log(`${name}: ${((performance.now() - t0) / 1000).toFixed(0)} s`);
    sections.push(section);
  }
  const minutes = (performance.now() - started) / 60000;
  mkdirSync(o.out, { recursive: true });
  for (const s of sections) for (const c of s.charts) writeFileSync(join(o.out, c.file), c.svg);
  const headline = markdownTable(
    ['experiment', 'claim', 'verdict here'],
    sections.map((s) => [s.title, s.claim, s.verdict]),
  );
  const report = [
    '# Paper claims, reproduced at small scale',
    '',
    `${machineLine(choice.backend)} ${o.quick ? '**Quick smoke run** (1 seed, 1 epoch, small subsets): the numbers below say nothing about the claims.' : 'Full run.'} ${minutes.toFixed(1)} minutes in all.`,
    '',
    'Each verdict is computed from the numbers by the rule stated with it. Where a claim does not reproduce at this',
    'scale, the report says so; small data, few epochs and few seeds are the first suspects, not the papers.',
    '',
    '## Headline',
    '',
    headline,
    '',
    ...sections.flatMap((s) => [
      `## ${s.title}`,
      '',
      `**Claim.** ${s.claim}`,
      '',
      `**Setup.** ${s.setup}`,
      '',
      ...s.tables.flatMap((t) => [t, '']),
      ...s.charts.map((c) => `![${c.file}](${c.file})\n`),
      `**Verdict.** ${s.verdict}`,
      '',
    ]),
  ].join('\n');
  writeFileSync(join(o.out, 'REPORT.md'), report);
  writeFileSync(join(o.out, 'papers.json'), JSON.stringify({ quick: o.quick, backend: choice.backend, minutes, sections: sections.map(({ charts, ...rest }) => rest) }, null, 2));
  return { sections, report };
}
