import { fmt, markdownTable } from '../stats';
import type { SectionRecord } from './experiment';
import type { Comparison, Gate } from './verdict';

/** Four significant digits: the CIs span accuracies (0.01) and Hessian traces (100) alike. */
const num = (x: number) => (Number.isFinite(x) ? String(Number(x.toPrecision(4))) : '–');
const ci = (c: Comparison) => `${num(c.ci.mean)} [${num(c.ci.low)}, ${num(c.ci.high)}]`;
const side = (c: Comparison) => (c.predicts === 'above' ? `> 0${c.smallestEffect ? ` (smallest effect ${c.smallestEffect})` : ''}` : `< 0${c.smallestEffect ? ` (smallest effect −${c.smallestEffect})` : ''}`);
const gateLine = (g: Gate) => `- ${g.passed ? '✓' : '✗'} **${g.name}**: ${g.detail}`;

/** One experiment's part of REPORT.md: protocol, gates, paired comparisons, verdicts, then its own tables and charts. */
function sectionMarkdown(r: SectionRecord): string[] {
  return [
    `## ${r.title}`,
    '',
    `*${r.paper}*`,
    '',
    r.protocolFile ? `Protocol, committed before the confirmatory run: [${r.protocolFile}](../../../../${r.protocolFile}).` : 'No committed protocol: this experiment still runs its 0.1.0 setup.',
    '',
    ...(r.protocol.length ? [markdownTable(['aspect', 'paper', 'here', 'source'], r.protocol.map((p) => [p.aspect, p.paper, p.here, p.source])), ''] : []),
    `**Setup.** ${r.setup}`,
    '',
    ...r.claims.flatMap((c, i) => [
      `### Claim ${r.claims.length > 1 ? `${i + 1} ` : ''}— ${c.verdict}`,
      '',
      `**Claim.** ${c.claim}`,
      '',
      ...(c.gates.length ? ['**Gates.**', '', ...c.gates.map(gateLine), ''] : []),
      ...(c.comparisons.length
        ? [markdownTable([`paired difference (n = ${c.comparisons[0]!.ci.n} seeds)`, 'mean [95% CI]', 'claim predicts', 'verdict'], c.comparisons.map((x) => [x.label, ci(x), side(x), x.verdict])), '']
        : []),
      `**Verdict: ${c.verdict}.** ${c.reason}`,
      '',
    ]),
    ...r.tables.flatMap((t) => [t, '']),
    ...r.charts.map((file) => `![${file}](${file})\n`),
    ...(r.probes.length ? ['**Tuning probes (before the protocol was fixed).**', '', ...r.probes.map((p) => `- ${p}`), ''] : []),
    ...(r.notes.length ? ['**Caveats.**', '', ...r.notes.map((n) => `- ${n}`), ''] : []),
    `*Ran on ${r.date}, backend ${r.backend}${r.quick ? ', quick smoke run' : ''}: ${fmt(r.seconds / 60, 1)} min wall, ${fmt(r.cpuSeconds / 60, 1)} CPU-min.*`,
    '',
  ];
}

/**
 * REPORT.md from the per-experiment records, in the given order. Each record
 * carries its own backend, date and run time, because experiments may be run
 * one at a time (`--only`) and their committed JSON joins the report.
 */
export function renderReport(records: SectionRecord[]): string {
  const quick = records.some((r) => r.quick);
  const wall = records.reduce((a, r) => a + r.seconds, 0) / 60;
  const cpu = records.reduce((a, r) => a + r.cpuSeconds, 0) / 60;
  const headline = markdownTable(
    ['experiment', 'claim', 'verdict', 'why'],
    records.flatMap((r) => r.claims.map((c) => [r.title, c.claim, `**${c.verdict}**`, c.reason])),
  );
  return [
    '# Paper claims, reproduced at small scale',
    '',
    ...[...new Set(records.map((r) => r.machine ?? `Backend ${r.backend}.`))],
    quick ? '**Quick smoke run** (tiny sizes, 2 seeds): the numbers below say nothing about the claims.' : '',
    '',
    'Each experiment follows a protocol committed before its confirmatory run (linked in its section). A verdict is one of',
    '*reproduced*, *not reproduced* or *inconclusive*, decided by the protocol\'s rule on paired 95% confidence intervals',
    '(same seed = same initialisation and batches in every arm). Gates come first: when the paper\'s baseline does not',
    'reproduce here, or the dose was too small to show the effect, the verdict is *inconclusive* whatever the comparison says.',
    '',
    '## Headline',
    '',
    headline,
    '',
    ...records.flatMap(sectionMarkdown),
    '---',
    '',
    `Run time of the runs this report was built from: ${fmt(wall, 1)} min wall, ${fmt(cpu, 1)} CPU-min (user + system), ` +
      `backends ${[...new Set(records.map((r) => r.backend))].join(', ')}.`,
    '',
  ].join('\n');
}
