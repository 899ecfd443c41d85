import { mean, std } from './stats';

/** Two-sided 97.5% quantiles of Student's t for df = 1..30 (standard tables). */
const T975 = [
  12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145, 2.131, 2.12, 2.11, 2.101,
  2.093, 2.086, 2.08, 2.074, 2.069, 2.064, 2.06, 2.056, 2.052, 2.048, 2.045, 2.042,
];

export type PairedCI = { mean: number; low: number; high: number; n: number };

/**
 * Mean of the paired differences `a[i] − b[i]` with its 95% t confidence
 * interval (`mean ± t_{0.975, n−1} · sd / √n`). Pairs share a seed, so
 * seed-to-seed variation common to both arms cancels.
 */
export function pairedDifferenceCI(a: number[], b: number[]): PairedCI {
  if (a.length !== b.length || a.length < 2) throw new Error(`pairedDifferenceCI: need two equal-length lists of >= 2 values; got ${a.length} and ${b.length}.`);
  const d = a.map((x, i) => x - b[i]!);
  const n = d.length;
  const half = (T975[n - 2] ?? 1.96) * (std(d) / Math.sqrt(n));
  const m = mean(d);
  return { mean: m, low: m - half, high: m + half, n };
}
