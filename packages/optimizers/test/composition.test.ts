import * as tf from '@tensorflow/tfjs-core';
import {
  ComposedOptimizer,
  InvalidOptionError,
  addNoise,
  alphaStableSampler,
  annealedVarianceSchedule,
  antiCorrelatedUpdate,
  asamPerturbation,
  chain,
  clipByGlobalNorm,
  langevinUpdate,
  layerwisePerturbation,
  optimizerUpdate,
  pieceFromConfig,
  registerPiece,
  samPerturbation,
  sgdUpdate,
  symmetricPerturbation,
  transformPiece,
  type GradientTransform,
} from '@tfjs-noise/core';
import {
  ASAM,
  AlphaStableNoiseSGD,
  AntiPGD,
  LayerwisePerturbedGD,
  NoisyGradientSGD,
  SAM,
  SGLD,
  SymmetricSGD,
  withGradientNoise,
} from '@tfjs-noise/optimizers';
import { describe, expect, it } from 'vitest';
import { describeOptimizerContract } from '../../../test/optimizerContract';

/** Six steps on two variables with a non-quadratic loss; the weights afterwards. */
function trajectory(opt: tf.Optimizer): number[] {
  const w = tf.variable(tf.tensor2d([[1.5, -0.7], [0.3, 2.0]]));
  const b = tf.variable(tf.tensor1d([0.5, -0.5]));
  for (let i = 0; i < 6; i++) opt.minimize(() => tf.add(tf.sum(tf.square(tf.sub(w, 0.25))), tf.sum(tf.pow(b, 4))), false, [w, b]);
  const out = [...w.dataSync(), ...b.dataSync()];
  tf.dispose([w, b]);
  opt.dispose();
  return out;
}

describe('chain expresses every optimizer of the library, bit for bit', () => {
  const seed = 77;
  it.each<[string, () => tf.Optimizer, () => tf.Optimizer]>([
    [
      'NoisyGradientSGD (clip, annealed noise, momentum)',
      () => new NoisyGradientSGD({ learningRate: 0.05, momentum: 0.9, clipNorm: 1, noise: annealedVarianceSchedule({ eta: 0.3 }), seed }),
      () => chain(clipByGlobalNorm({ maxNorm: 1 }), addNoise({ noise: annealedVarianceSchedule({ eta: 0.3 }) }), sgdUpdate({ learningRate: 0.05, momentum: 0.9 }), { seed }),
    ],
    [
      'GradientNoise(adam)',
      () => withGradientNoise(tf.train.adam(0.05), { noise: 0.1, seed }),
      () => chain(addNoise({ noise: 0.1 }), optimizerUpdate(tf.train.adam(0.05)), { seed }),
    ],
    [
      'AlphaStableNoiseSGD',
      () => new AlphaStableNoiseSGD({ learningRate: 0.05, alpha: 1.5, noise: 0.02, seed }),
      () => chain(addNoise({ noise: 0.02, sampler: alphaStableSampler(1.5), noiseClip: 10 }), sgdUpdate({ learningRate: 0.05 }), { seed }),
    ],
    [
      'SymmetricSGD alternating',
      () => new SymmetricSGD({ learningRate: 0.05, noise: 0.1, mode: 'alternating', seed }),
      () => chain(symmetricPerturbation({ noise: 0.1, mode: 'alternating' }), sgdUpdate({ learningRate: 0.05 }), { seed }),
    ],
    [
      'LayerwisePerturbedGD random layer',
      () => new LayerwisePerturbedGD({ learningRate: 0.05, noise: 0.1, choice: 'random', seed }),
      () => chain(layerwisePerturbation({ noise: 0.1, choice: 'random' }), sgdUpdate({ learningRate: 0.05 }), { seed }),
    ],
    ['SAM', () => new SAM({ optimizer: tf.train.sgd(0.05), rho: 0.1, seed }), () => chain(samPerturbation({ rho: 0.1 }), optimizerUpdate(tf.train.sgd(0.05)), { seed })],
    ['ASAM', () => new ASAM({ optimizer: tf.train.sgd(0.05), seed }), () => chain(asamPerturbation(), optimizerUpdate(tf.train.sgd(0.05)), { seed })],
    ['AntiPGD', () => new AntiPGD({ learningRate: 0.05, noise: 0.1, seed }), () => chain(antiCorrelatedUpdate({ learningRate: 0.05, noise: 0.1 }), { seed })],
    [
      'SGLD preconditioned',
      () => new SGLD({ learningRate: 0.01, temperature: 0.01, preconditioned: true, seed }),
      () => chain(langevinUpdate({ learningRate: 0.01, temperature: 0.01, preconditioned: true }), { seed }),
    ],
  ])('%s', (_name, named, composed) => {
    expect(trajectory(composed())).toEqual(trajectory(named()));
  });
});

describe('ComposedOptimizer configs', () => {
  it('round-trip through JSON and fromConfig, rebuilding every piece', () => {
    const opt = chain(samPerturbation({ rho: 0.1 }), clipByGlobalNorm({ maxNorm: 5 }), addNoise({ noise: annealedVarianceSchedule({ eta: 0.01 }) }), optimizerUpdate(tf.train.adam(1e-3)), { seed: 9 });
    const json = JSON.parse(JSON.stringify(opt.getConfig()));
    expect(json).toEqual({
      perturbation: { kind: 'sam', rho: 0.1 },
      transforms: [
        { kind: 'clip-by-global-norm', maxNorm: 5 },
        { kind: 'add-noise', noise: { kind: 'annealed-variance', eta: 0.01, gamma: 0.55 }, sampler: { kind: 'gaussian' }, noiseClip: null },
      ],
      update: { kind: 'optimizer', optimizer: { className: 'Adam', config: tf.train.adam(1e-3).getConfig() } },
      seed: 9,
      nonFinite: 'skip',
    });
    const copy = ComposedOptimizer.fromConfig(ComposedOptimizer, json) as ComposedOptimizer;
    expect(copy.getConfig()).toEqual(opt.getConfig());
    expect(copy.passesPerStep).toBe(2);
    opt.dispose();
    copy.dispose();
  });

  it('validate kinds, roles and options, naming what is wrong', () => {
    const update = { kind: 'sgd', learningRate: 0.1 };
    expect(() => new ComposedOptimizer({ update: { kind: 'adamw' } })).toThrow(/ComposedOptimizer: update must be a registered piece kind: one of "sam", .*; got "adamw"/);
    expect(() => new ComposedOptimizer({ update: { kind: 'add-noise' } })).toThrow(/ComposedOptimizer: update must be the kind of a update piece; "add-noise" is a transform piece/);
    expect(() => new ComposedOptimizer({ update, transforms: [{ kind: 'add-noise', noise: -1 }] })).toThrow(/addNoise: noise must be a finite number >= 0; got -1/);
    expect(() => clipByGlobalNorm(undefined as never)).toThrow(/clipByGlobalNorm: maxNorm must be a finite number > 0; got undefined/);
    expect(() => new ComposedOptimizer({ update: { kind: 'sgd', lr: 0.1 } })).toThrow(/sgdUpdate: unknown option "lr"; did you mean "learningRate"\?/);
    expect(() => new ComposedOptimizer({ update, perturbation: sgdUpdate() as never })).toThrow(InvalidOptionError);
    expect(() => new ComposedOptimizer({ update, extra: 1 } as never)).toThrow(/ComposedOptimizer: unknown option "extra"/);
    expect(() => pieceFromConfig({ kind: 'optimizer', optimizer: { className: 'Nope', config: {} } })).toThrow(/optimizerUpdate: optimizer\.className must be the className of a registered optimizer class/);
  });

  it('chain enforces perturbation first, transforms, one update last', () => {
    expect(() => chain(addNoise(), sgdUpdate(), samPerturbation())).toThrow(/chain: pieces \(by role\) must be at most one perturbation first, then any transforms, then exactly one update last; got \["transform","update","perturbation"\]/);
    expect(() => chain(addNoise())).toThrow(InvalidOptionError);
    expect(() => chain(sgdUpdate(), sgdUpdate())).toThrow(InvalidOptionError);
    expect(() => chain(samPerturbation(), symmetricPerturbation(), sgdUpdate())).toThrow(InvalidOptionError);
  });

  it('accepts registered piece kinds of your own, which then save and load', () => {
    class ScaleBy implements GradientTransform {
      constructor(readonly factor: number) {}
      transform(gs: tf.Tensor[]) {
        return gs.map((g) => tf.mul(g, this.factor));
      }
    }
    const scaleBy = (o: { factor?: unknown }) => transformPiece('test/scale-by', new ScaleBy(Number(o.factor)), { factor: o.factor });
    registerPiece('test/scale-by', scaleBy);
    expect(() => registerPiece('sgd', scaleBy)).toThrow(/registerPiece: kind must be a non-empty string not already registered/);
    const a = chain(scaleBy({ factor: 0.5 }), sgdUpdate({ learningRate: 0.2 }));
    const b = ComposedOptimizer.fromConfig(ComposedOptimizer, a.getConfig()) as ComposedOptimizer;
    expect(trajectory(b)).toEqual(trajectory(new SGLD({ learningRate: 0.1, temperature: 0 })));
    a.dispose();
  });
});

describeOptimizerContract('chain(clip, AntiPGD)', ComposedOptimizer, () =>
  chain(clipByGlobalNorm({ maxNorm: 5 }), antiCorrelatedUpdate({ learningRate: 0.2, noise: 0.01 }), { seed: 31 }),
);
