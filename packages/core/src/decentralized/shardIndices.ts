import { checkNumber, checkOneOf } from '../validation';
import { mix32 } from '../random/seedMixer';

export type ShardMode = 'iid' | 'label';

/**
 * Splits `labels.length` examples among `m` learners: `iid` shuffles (seeded)
 * and deals equal parts; `label` sorts by label first, so each learner sees
 * few classes (the non-iid case). Every part has ⌊n/m⌋ examples; the
 * remainder is left out so that all shards are the same size.
 */
export function shardIndices(labels: ArrayLike<number>, m: number, options: { mode?: ShardMode; seed?: number } = {}): number[][] {
  const n = labels.length;
  checkNumber('shardIndices', 'm', m, { min: 1, integer: true });
  if (m > n) throw new Error(`shardIndices: m = ${m} shards is larger than the data (${n} examples); use at most ${n}.`);
  const mode = checkOneOf('shardIndices', 'mode', options.mode ?? 'iid', ['iid', 'label'] as const);
  const order = Array.from({ length: n }, (_, i) => i);
  // Seeded Fisher–Yates (also for `label`, so ties are broken at random).
  let state = mix32((options.seed ?? 0) ^ 0x1b873593);
  for (let i = n - 1; i > 0; i--) {
    state = (state + 0x9e3779b9) >>> 0;
    const j = Math.floor((mix32(state) / 4294967296) * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  if (mode === 'label') order.sort((a, b) => labels[a]! - labels[b]!);
  const size = Math.floor(n / m);
  return Array.from({ length: m }, (_, k) => order.slice(k * size, (k + 1) * size));
}
