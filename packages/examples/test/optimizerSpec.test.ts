import { ASAM, AntiPGD, SAM, SGLD } from '@tfjs-noise/optimizers';
import { describe, expect, it } from 'vitest';
import { parseOptimizers } from '../src/optimizerSpec';

describe('--optimizers: the adjacent methods', () => {
  it('builds sam, asam, anti-pgd and sgld with their options', () => {
    const specs = parseOptimizers('sam:rho=0.1:momentum=0.9,asam:eta=0.02,anti-pgd:noise=0.02,sgld:preconditioned=true:temperature=0.001');
    const opts = specs.map((s) => s.make(5));
    expect(opts[0]).toBeInstanceOf(SAM);
    expect(opts[0]!.getConfig()).toMatchObject({ rho: 0.1, optimizer: { className: 'Momentum', config: { momentum: 0.9 } } });
    expect(opts[1]).toBeInstanceOf(ASAM);
    expect(opts[1]!.getConfig()).toMatchObject({ rho: 0.5, eta: 0.02, optimizer: { className: 'SGD' } });
    expect(opts[2]).toBeInstanceOf(AntiPGD);
    expect(opts[2]!.getConfig()).toMatchObject({ noise: 0.02, learningRate: 0.1, seed: 5 });
    expect(opts[3]).toBeInstanceOf(SGLD);
    expect(opts[3]!.getConfig()).toMatchObject({ preconditioned: true, temperature: 0.001 });
    opts.forEach((o) => o.dispose());
  });

  it('names a bad option value', () => {
    expect(() => parseOptimizers('sgld:preconditioned=maybe')).toThrow(/SGLD: preconditioned must be true or false; got "maybe"/);
    expect(() => parseOptimizers('anti-pgd:noise=-1')).toThrow(/AntiPGD: noise must be a finite number >= 0; got -1/);
    expect(() => parseOptimizers('sam:eta=1')).toThrow(/"eta=1" is not an option of sam/);
  });
});
