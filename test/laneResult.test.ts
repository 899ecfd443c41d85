import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ciTotals } from '../scripts/ciTotals.mjs';
import { laneCounts, laneLine, sumLaneLines } from '../scripts/laneResult.mjs';

const report = (numPassedTests: number, numFailedTests: number, files: Array<{ status: string; failedTests: number; message?: string }>) => ({
  numPassedTests,
  numFailedTests,
  testResults: files.map((f, i) => ({
    name: `f${i}.test.ts`,
    status: f.status,
    message: f.message,
    assertionResults: Array.from({ length: f.failedTests }, () => ({ status: 'failed' })),
  })),
});

describe('laneCounts (test:backends reading a vitest JSON report)', () => {
  it('reads a real vitest run: 2 passed, 1 failing test + 1 file that threw on load = 2 failed, skipped not counted', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lane-'));
    const json = join(dir, 'r.json');
    const run = spawnSync(
      process.execPath,
      ['node_modules/vitest/vitest.mjs', 'run', '--config', 'test/laneFixture/vitest.laneFixture.config.ts', '--reporter=json', `--outputFile.json=${json}`],
      { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } },
    );
    expect(run.status).toBe(1);
    const counts = laneCounts(JSON.parse(readFileSync(json, 'utf8')), run.status);
    expect(counts.passed).toBe(2);
    expect(counts.failed).toBe(2);
    expect(counts.notes).toHaveLength(1);
    expect(counts.notes[0]).toMatch(/brokenSetup\.check\.ts: .*backend did not initialise/);
  });

  it('a clean run counts exactly what vitest counted', () => {
    expect(laneCounts(report(7, 0, [{ status: 'passed', failedTests: 0 }]), 0)).toEqual({ passed: 7, failed: 0, notes: [] });
  });

  it('a failing test file is not counted twice', () => {
    expect(laneCounts(report(3, 2, [{ status: 'failed', failedTests: 2 }]), 1)).toMatchObject({ passed: 3, failed: 2 });
  });

  it('a non-zero exit with nothing failed in the report is one failure', () => {
    const c = laneCounts(report(5, 0, [{ status: 'passed', failedTests: 0 }]), 1);
    expect(c).toMatchObject({ passed: 5, failed: 1 });
    expect(c.notes[0]).toMatch(/exited 1/);
  });

  it('no report, or no test at all, is a failure and never a pass', () => {
    expect(laneCounts(undefined, 1)).toMatchObject({ passed: 0, failed: 1 });
    const none = laneCounts(report(0, 0, []), 0);
    expect(none).toMatchObject({ passed: 0, failed: 1 });
    expect(none.notes).toContain('no test ran');
  });
});

describe('lane lines and the CI totals', () => {
  it('prints the two line forms', () => {
    expect(laneLine('wasm', { passed: 40, failed: 1, notes: [] })).toBe('backend wasm: 40 passed, 1 failed');
    expect(laneLine('webgl', { skipped: 'vitest.browser.config.ts not present' })).toBe('backend webgl: skipped: vitest.browser.config.ts not present');
  });

  it('sums lane lines and ignores skipped lanes and look-alikes inside logs', () => {
    const text = [
      'backend cpu: 40 passed, 0 failed',
      'backend tensorflow: skipped: no C++ compiler',
      'backend webgpu-node: 38 passed, 2 failed',
      'wasm| backend wasm: 9 passed, 9 failed',
    ].join('\n');
    expect(sumLaneLines(text)).toEqual({ passed: 78, failed: 2 });
  });

  it('adds the main suite (first vitest summary, colours stripped) to the lanes; a lane log summary is not counted', () => {
    const log = [
      '\x1b[2m      Tests \x1b[22m \x1b[1m\x1b[32m239 passed\x1b[39m\x1b[22m\x1b[90m (239)\x1b[39m',
      'backend cpu: 40 passed, 0 failed',
      'backend wasm: 39 passed, 1 failed',
      'wasm|       Tests  1 failed | 39 passed (40)',
    ].join('\n');
    expect(ciTotals(log)).toEqual({ passed: 318, failed: 1 });
    expect(ciTotals('      Tests  3 failed | 236 passed (239)\n')).toEqual({ passed: 236, failed: 3 });
  });

  it("adds the consumer suite's own closing line", () => {
    const log = ['      Tests  10 passed (10)', 'backend cpu: 5 passed, 0 failed', 'consumer esm: passed', '14 passed, 1 failed'].join('\n');
    expect(ciTotals(log)).toEqual({ passed: 29, failed: 1 });
  });
});
