import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, describe, expect, it } from 'vitest';
import { EXPERIMENTS, readRecords, runPapers, runSpeed, speedMarkdown } from '../src/index';

describe('benchmarks (smoke: structure, not numbers)', () => {
  afterAll(async () => void (await tf.setBackend('cpu')));

  it('bench:speed measures every optimizer against sgd and adam, with a leak check', async () => {
    const report = await runSpeed({ backends: ['wasm'], models: ['mlp'], batchSize: 16, rounds: 1, steps: 1, leakSteps: 3, cnnOnCpu: false, log: () => {} });
    const names = report.rows.map((r) => r.optimizer);
    expect(names).toContain('tf.train.sgd');
    expect(names).toContain('tf.train.adam');
    // 9 optimizers and modes, 4 machinery and fused-kernel rows, 6 adjacent methods (with sgd and adam).
    expect(names.length).toBe(19);
    expect(report.rows.find((r) => r.optimizer === 'SAM(sgd)')!.passes).toBe(2);
    const sgd = report.rows.find((r) => r.optimizer === 'tf.train.sgd')!;
    expect(sgd.ratioSgd).toBe(1);
    for (const r of report.rows) {
      expect(r.msPerStep).toBeGreaterThan(0);
      expect(r.noiseShare).toBeGreaterThanOrEqual(0);
    }
    expect(report.rows.find((r) => r.optimizer === 'SymmetricSGD two-point')!.passes).toBe(2);
    // Adam keeps m and v per weight plus two float32 scalars (β₁ᵗ, β₂ᵗ): 2 × weights + 8 bytes.
    expect(report.rows.find((r) => r.optimizer === 'tf.train.adam')!.extraBytes).toBe(2 * sgd.modelBytes + 8);
    expect(report.leaks.map((l) => [l.tensorsDelta, l.bytesDelta])).toEqual(report.leaks.map(() => [0, 0]));
    const md = speedMarkdown(report, 'meta');
    expect(md).toMatch(/^# Speed benchmark/);
    expect(md).toMatch(/\| backend \| model \| optimizer \| passes \| CPU ms \/ step \| × sgd \(CPU\) \| × adam \(CPU\) \| wall ms \/ step \|/);
    expect(md).toMatch(/\| backend \| generator \| returns \| host noise \| CPU ns \/ element \|/);
  });

  it('bench:papers --quick writes one record per experiment and a REPORT.md with protocols, gates, paired CIs and three-way verdicts', async () => {
    const out = mkdtempSync(join(tmpdir(), 'tfjs-noise-papers-'));
    const { sections, report } = await runPapers({ quick: true, out, log: () => {} });
    expect(sections.map((s) => s.id)).toEqual(Object.keys(EXPERIMENTS));
    expect(report).toMatch(/^# Paper claims, reproduced at small scale/);
    expect(report).toMatch(/\*\*Quick smoke run\*\*/);
    expect(report).toMatch(/## Headline\n\n\| experiment \| claim \| verdict \| why \|/);
    for (const s of sections) {
      expect(report).toContain(`## ${s.title}`);
      expect(s.claims.length).toBeGreaterThan(0);
      for (const c of s.claims) {
        expect(['reproduced', 'not reproduced', 'inconclusive']).toContain(c.verdict);
        expect(report).toContain(`**Verdict: ${c.verdict}.** ${c.reason}`);
        // A failed gate can only give "inconclusive".
        if (c.gates.some((g) => !g.passed)) expect(c.verdict).toBe('inconclusive');
      }
      if (s.protocolFile) expect(existsSync(fileURLToPath(new URL(`../../../${s.protocolFile}`, import.meta.url)))).toBe(true);
      for (const c of s.charts) {
        expect(readFileSync(join(out, c.file), 'utf8').startsWith('<svg')).toBe(true);
        expect(report).toContain(`![${c.file}](${c.file})`);
      }
      const record = JSON.parse(readFileSync(join(out, `${s.id}.json`), 'utf8'));
      expect(record).toMatchObject({ id: s.id, backend: tf.getBackend(), quick: true, charts: s.charts.map((c) => c.file) });
      expect(record.cpuSeconds).toBeGreaterThan(0);
    }
    // Rerunning one experiment rebuilds the report from every record in the folder, not just the one rerun.
    const again = await runPapers({ quick: true, out, only: ['anti-pgd'], log: () => {} });
    expect(readRecords(out).map((r) => r.id)).toEqual(Object.keys(EXPERIMENTS));
    for (const s of sections) expect(again.report).toContain(`## ${s.title}`);
    // Every quick experiment together: ~70 s of CPU, far longer in wall time on a loaded 2-core machine.
  }, 600_000);
});
