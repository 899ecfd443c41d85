import { describe, expect, it } from 'vitest';
import { phaseOf } from '../src/papers/noiseInjectionNodes';

const ok = { finiteLoss: true, reached: true, trainAcc: 1 };

describe('phaseOf (the NIN experiment\'s phase rules)', () => {
  it('divergent when the loss is not finite or training failed below 50%, whatever θ did', () => {
    expect(phaseOf([9, 9, 9], { ...ok, finiteLoss: false })).toBe('divergent');
    expect(phaseOf([9, 4, 2], { finiteLoss: true, reached: false, trainAcc: 0.49 })).toBe('divergent');
  });

  it('a run that missed 100% but ended at or above 50% keeps its θ phase', () => {
    expect(phaseOf([9, 4, 2], { finiteLoss: true, reached: false, trainAcc: 0.5 })).toBe('decay');
  });

  it('catapult when ‖θ‖ first rose above 1.5× its start, even if it ends low', () => {
    expect(phaseOf([2, 3.01, 1], ok)).toBe('catapult');
    expect(phaseOf([2, 3, 1], ok)).toBe('decay'); // exactly 1.5× is not above it
  });

  it('decoupled within ~5% (|ln ratio| < 0.05), decay below that', () => {
    expect(phaseOf([10, 10.2, 9.52], ok)).toBe('decoupled'); // ln(0.952) = −0.0492
    expect(phaseOf([10, 9.5], ok)).toBe('decay'); // ln(0.95) = −0.0513
    expect(phaseOf([10, 10.5], ok)).toBe('decoupled'); // grew 5%: ln(1.05) = 0.0488
  });
});
