import Table from 'cli-table3';
import type { RunResult } from '../train/runComparison';

const median = (xs: number[]) => {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const fmt = (x: number | undefined, digits: number) => (x === undefined || !Number.isFinite(x) ? '–' : x.toFixed(digits));

/** One row per optimizer: final test accuracy and loss, final train loss, median seconds per epoch. */
export function resultRows(results: RunResult[]): string[][] {
  return results.map((r) => [
    r.optimizer,
    r.curves.testAccuracy.length ? `${fmt(100 * r.curves.testAccuracy.at(-1)!, 2)}%` : '–',
    fmt(r.curves.testLoss.at(-1), 4),
    fmt(r.curves.trainLoss.at(-1), 4),
    fmt(median(r.curves.secondsPerEpoch), 1),
    r.error ? `stopped: ${r.error.slice(0, 60)}` : '',
  ]);
}

export const RESULT_HEADER = ['optimizer', 'test accuracy', 'test loss', 'train loss', 's / epoch', 'note'];

export function resultsTable(results: RunResult[]): string {
  const table = new Table({ head: RESULT_HEADER, style: { head: [], border: [] } });
  table.push(...resultRows(results));
  return table.toString();
}

/** The same table in Markdown, for the README and reports. */
export function resultsMarkdown(results: RunResult[]): string {
  const rows = [RESULT_HEADER, RESULT_HEADER.map(() => '---'), ...resultRows(results)];
  return rows.map((r) => `| ${r.join(' | ')} |`).join('\n');
}
