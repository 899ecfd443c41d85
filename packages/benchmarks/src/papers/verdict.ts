import { pairedDifferenceCI, type PairedCI } from '../pairedCI';

/** The three verdicts an experiment may give; "inconclusive" is a result, not a failure. */
export type Verdict = 'reproduced' | 'not reproduced' | 'inconclusive';

/**
 * A precondition for a verdict: the paper's baseline reproduces, the dose is
 * large enough, training reached the paper's stopping point. `detail` holds the
 * measured number(s) against the threshold, so a reader sees by how much it passed or failed.
 */
export type Gate = { name: string; passed: boolean; detail: string };

/** One paired comparison over seeds: `a[i] − b[i]`, where seed i gave both arms the same init and batches. */
export type Comparison = {
  label: string;
  /** The side of 0 the claim predicts for the mean paired difference. */
  predicts: 'below' | 'above';
  /** The smallest difference the claim would care about; an effect this large must be excluded to say "not reproduced". */
  smallestEffect: number;
  ci: PairedCI;
  verdict: Verdict;
};

export type ClaimResult = { claim: string; gates: Gate[]; comparisons: Comparison[]; verdict: Verdict; reason: string };

/**
 * Judges one paired comparison on its 95% CI. Reproduced: the whole CI lies on
 * the predicted side of 0. Not reproduced: the CI excludes every effect of at
 * least `smallestEffect` in the predicted direction (predicts 'above': high <
 * smallestEffect; 'below': low > −smallestEffect), so a tight CI around 0 counts
 * against the claim only when the protocol named the effect size it looks for.
 * Inconclusive otherwise.
 */
export function compare(label: string, a: number[], b: number[], o: { predicts: 'below' | 'above'; smallestEffect?: number }): Comparison {
  const smallestEffect = o.smallestEffect ?? 0;
  if (!(smallestEffect >= 0) || !Number.isFinite(smallestEffect)) throw new RangeError(`compare("${label}"): smallestEffect must be a finite number >= 0; got ${smallestEffect}.`);
  if (o.predicts !== 'below' && o.predicts !== 'above') throw new RangeError(`compare("${label}"): predicts must be 'below' or 'above'; got ${String(o.predicts)}.`);
  const ci = pairedDifferenceCI(a, b);
  // Flip 'below' onto 'above' so one rule serves both directions.
  const sign = o.predicts === 'above' ? 1 : -1;
  const [low, high] = sign === 1 ? [ci.low, ci.high] : [-ci.high, -ci.low];
  const verdict: Verdict = !Number.isFinite(ci.mean) ? 'inconclusive' : low > 0 ? 'reproduced' : high < smallestEffect ? 'not reproduced' : 'inconclusive';
  return { label, predicts: o.predicts, smallestEffect, ci, verdict };
}

/**
 * One claim's verdict. A failed gate makes it inconclusive whatever the
 * comparisons say (the experiment could not have shown the effect), and the
 * reason names each failed gate with its numbers. Otherwise: reproduced when
 * every comparison is, not reproduced when any is not, inconclusive else.
 */
export function decide(claim: string, gates: Gate[], comparisons: Comparison[]): ClaimResult {
  if (comparisons.length === 0) throw new RangeError(`decide("${claim}"): needs at least one comparison.`);
  const failed = gates.filter((g) => !g.passed);
  const said = comparisons.map((c) => `${c.label}: ${c.verdict}`).join('; ');
  if (failed.length > 0) {
    return { claim, gates, comparisons, verdict: 'inconclusive', reason: `gate failed: ${failed.map((g) => `${g.name} (${g.detail})`).join('; ')}. The comparisons alone said ${said}.` };
  }
  const verdict: Verdict = comparisons.every((c) => c.verdict === 'reproduced')
    ? 'reproduced'
    : comparisons.some((c) => c.verdict === 'not reproduced')
      ? 'not reproduced'
      : 'inconclusive';
  return { claim, gates, comparisons, verdict, reason: `all gates passed; ${said}.` };
}
