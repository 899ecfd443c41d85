/** Names users often write for an option, by the option they mean. */
const ALIASES: Readonly<Record<string, string>> = {
  lr: 'learningRate',
  eta: 'learningRate',
  sigma: 'noise',
  std: 'noise',
  stddev: 'noise',
  scale: 'noise',
  nesterovmomentum: 'nesterov',
  decay: 'weightDecay',
  wd: 'weightDecay',
  clip: 'clipNorm',
};

function normalize(name: string): string {
  return name.toLowerCase().replace(/[_\-\s]/g, '');
}

/**
 * Edit distance where swapping two neighbouring letters counts as one edit
 * (optimal string alignment): `alpah` is one edit from `alpha`.
 */
function distance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, d[i - 2]![j - 2]! + 1);
      d[i]![j] = best;
    }
  }
  return d[a.length]![b.length]!;
}

/**
 * The known name a misspelled one most likely meant (case, `_` and `-`
 * ignored; a few common aliases such as `lr`), or undefined when none is close.
 */
export function closestName(name: string, known: readonly string[]): string | undefined {
  if (name.length > 64) return undefined;
  const n = normalize(name);
  const exact = known.find((k) => normalize(k) === n);
  if (exact) return exact;
  const alias = Object.hasOwn(ALIASES, n) ? ALIASES[n] : undefined;
  if (alias && known.includes(alias)) return alias;
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const k of known) {
    const d = distance(n, normalize(k));
    if (d < bestDistance) [best, bestDistance] = [k, d];
  }
  return bestDistance <= Math.max(1, Math.floor(n.length / 3)) ? best : undefined;
}
