import { describe, expect, it } from 'vitest';
import { compare, decide, type Gate } from '../src/papers/verdict';

// Hand-derived: d = a − b; CI = mean ± t_{0.975, n−1} · sd / √n with t_{.975,4} = 2.776, t_{.975,2} = 4.303.
describe('compare (paired 95% CI, three verdicts)', () => {
  const a5 = [1, 1.1, 0.9, 1, 1];
  const zeros5 = [0, 0, 0, 0, 0];
  it('d = [1, 1.1, 0.9, 1, 1]: mean 1, sd √0.005, CI 1 ± 2.776·√0.005/√5 = [0.912215, 1.087785]', () => {
    const c = compare('x', a5, zeros5, { predicts: 'above' });
    expect(c.ci.mean).toBeCloseTo(1, 12);
    expect(c.ci.low).toBeCloseTo(0.912215, 5);
    expect(c.ci.high).toBeCloseTo(1.087785, 5);
    expect(c.ci.n).toBe(5);
    expect(c.verdict).toBe('reproduced');
  });
  it('a CI wholly on the wrong side is "not reproduced" even with smallestEffect 0', () => {
    expect(compare('x', a5, zeros5, { predicts: 'below' }).verdict).toBe('not reproduced');
    expect(compare('x', zeros5, a5, { predicts: 'below' }).verdict).toBe('reproduced');
  });
  it('d = [1, 2, 3]: CI 2 ± 4.303/√3 = [−0.48438, 4.48438] straddles 0: inconclusive either way', () => {
    const c = compare('x', [1, 2, 3], [0, 0, 0], { predicts: 'above' });
    expect(c.ci.low).toBeCloseTo(-0.48438, 4);
    expect(c.ci.high).toBeCloseTo(4.48438, 4);
    expect(c.verdict).toBe('inconclusive');
    expect(compare('x', [1, 2, 3], [0, 0, 0], { predicts: 'below' }).verdict).toBe('inconclusive');
  });
  it('a tight CI around 0 says "not reproduced" only when it excludes the smallest effect of interest', () => {
    // d = [.01, −.01, .01, −.01, 0]: mean 0, sd 0.01, CI ±2.776·0.01/√5 = ±0.012415.
    const a = [0.01, -0.01, 0.01, -0.01, 0];
    expect(compare('x', a, zeros5, { predicts: 'above' }).verdict).toBe('inconclusive');
    expect(compare('x', a, zeros5, { predicts: 'above', smallestEffect: 0.05 }).verdict).toBe('not reproduced');
    expect(compare('x', a, zeros5, { predicts: 'below', smallestEffect: 0.05 }).verdict).toBe('not reproduced');
    expect(compare('x', a, zeros5, { predicts: 'above', smallestEffect: 0.012 }).verdict).toBe('inconclusive');
    expect(compare('x', a, zeros5, { predicts: 'above', smallestEffect: 0.013 }).verdict).toBe('not reproduced');
  });
  it('a non-finite difference (a diverged run) is inconclusive, never a verdict', () => {
    expect(compare('x', [1, NaN, 1], [0, 0, 0], { predicts: 'above' }).verdict).toBe('inconclusive');
  });
  it('rejects a negative smallestEffect, an unknown side and unpaired lists, naming them', () => {
    expect(() => compare('x', a5, zeros5, { predicts: 'above', smallestEffect: -1 })).toThrow(/smallestEffect must be a finite number >= 0; got -1/);
    expect(() => compare('x', a5, zeros5, { predicts: 'up' as 'above' })).toThrow(/predicts must be 'below' or 'above'; got up/);
    expect(() => compare('x', a5, [0, 0], { predicts: 'above' })).toThrow(/equal-length/);
  });
});

describe('decide (gates first)', () => {
  const yes = compare('yes', [1, 1.1, 0.9, 1, 1], [0, 0, 0, 0, 0], { predicts: 'above' });
  const no = compare('no', [1, 1.1, 0.9, 1, 1], [0, 0, 0, 0, 0], { predicts: 'below' });
  const maybe = compare('maybe', [1, 2, 3], [0, 0, 0], { predicts: 'above' });
  const pass: Gate = { name: 'baseline trains', passed: true, detail: '97% ≥ 90%' };
  const fail: Gate = { name: 'dose', passed: false, detail: 'noise RMS 0.02 < 0.15' };
  it('a failed gate makes the claim inconclusive and the reason names the gate and its numbers', () => {
    const r = decide('c', [pass, fail], [yes]);
    expect(r.verdict).toBe('inconclusive');
    expect(r.reason).toContain('gate failed: dose (noise RMS 0.02 < 0.15)');
    expect(r.reason).not.toContain('baseline trains');
    expect(r.reason).toContain('yes: reproduced');
  });
  it('all reproduced → reproduced; any not reproduced → not reproduced; else inconclusive', () => {
    expect(decide('c', [pass], [yes, yes]).verdict).toBe('reproduced');
    expect(decide('c', [pass], [yes, no]).verdict).toBe('not reproduced');
    expect(decide('c', [pass], [yes, maybe]).verdict).toBe('inconclusive');
    expect(decide('c', [], [maybe, no]).verdict).toBe('not reproduced');
  });
  it('needs a comparison', () => {
    expect(() => decide('c', [pass], [])).toThrow(/at least one comparison/);
  });
});
