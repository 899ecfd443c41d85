import { describe, expect, it } from 'vitest';
import { noiseOnlyRms } from '../src/papers/neelakantan';

describe('noiseOnlyRms (the dose of the zero-init arm)', () => {
  it('is lr·√(η Σ_{t<T}(1+t)^−γ), hand-derived for T = 1, 2, 4', () => {
    expect(noiseOnlyRms(0)).toBe(0);
    // One update: σ_0² = η, so the weight moves by lr·√η = 0.1 · 0.1.
    expect(noiseOnlyRms(1)).toBeCloseTo(0.01, 12);
    expect(noiseOnlyRms(2)).toBeCloseTo(0.1 * Math.sqrt(0.01 * (1 + 2 ** -0.55)), 12);
    expect(noiseOnlyRms(4, 0.5, 1, 1)).toBeCloseTo(0.5 * Math.sqrt(1 + 1 / 2 + 1 / 3 + 1 / 4), 12);
  });

  it('matches a Monte-Carlo random walk of noise-only SGD steps (1,000 walkers, 300 steps; 6-sigma band)', () => {
    // w_T = −lr Σ σ_t ε_t; the RMS over walkers estimates the formula. With 1,000 walkers the relative SE of the
    // RMS is 1/√2000 ≈ 2.2%, so a 13% band is ~6 SE: false failure rate below 1e-8.
    let seed = 12345;
    const uniform = () => ((seed = (seed * 1103515245 + 12345) >>> 0) + 0.5) / 4294967296;
    const normal = () => Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
    let sumSq = 0;
    for (let k = 0; k < 1000; k++) {
      let w = 0;
      for (let t = 0; t < 300; t++) w -= 0.1 * Math.sqrt(0.01 / (1 + t) ** 0.55) * normal();
      sumSq += w * w;
    }
    expect(Math.sqrt(sumSq / 1000) / noiseOnlyRms(300)).toBeGreaterThan(0.87);
    expect(Math.sqrt(sumSq / 1000) / noiseOnlyRms(300)).toBeLessThan(1.13);
  });

  it('reaches the escape threshold 0.15 between 28,000 and 30,000 steps at lr 0.1, η 0.01', () => {
    expect(noiseOnlyRms(28_000)).toBeLessThan(0.15);
    expect(noiseOnlyRms(30_000)).toBeGreaterThan(0.15);
  });
});
