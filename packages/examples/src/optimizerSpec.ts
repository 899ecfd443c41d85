import * as tf from '@tensorflow/tfjs-core';
import { annealedVarianceSchedule } from '@tfjs-noise/core';
import {
  AlphaStableNoiseSGD,
  AntiPGD,
  LayerwisePerturbedGD,
  NoisyGradientSGD,
  SGLD,
  SymmetricSGD,
  withASAM,
  withGradientNoise,
  withSAM,
} from '@tfjs-noise/optimizers';

type Values = Record<string, number | string>;
type Entry = {
  /** Option keys allowed on the command line, e.g. `noisy:eta=0.3`. */
  keys: string[];
  make: (v: Values, seed: number) => tf.Optimizer;
};

const num = (v: Values, k: string, d: number) => (v[k] === undefined ? d : Number(v[k]));
const str = <T extends string>(v: Values, k: string, d: T) => (v[k] === undefined ? d : (String(v[k]) as T));
/** The base optimizer SAM / ASAM wrap: tf.train.sgd, or tf.train.momentum when momentum > 0. */
const baseSgd = (v: Values) => (num(v, 'momentum', 0) > 0 ? tf.train.momentum(num(v, 'lr', 0.1), num(v, 'momentum', 0)) : tf.train.sgd(num(v, 'lr', 0.1)));
const sgdOptions = (v: Values) => ({ learningRate: num(v, 'lr', 0.1), momentum: num(v, 'momentum', 0) });

/**
 * The optimizers the examples compare, each with the paper's (or the
 * library's) defaults and a few options that can be set per run.
 */
export const OPTIMIZERS: Record<string, Entry> = {
  sgd: { keys: ['lr', 'momentum'], make: (v) => (num(v, 'momentum', 0) > 0 ? tf.train.momentum(num(v, 'lr', 0.1), num(v, 'momentum', 0)) : tf.train.sgd(num(v, 'lr', 0.1))) },
  adam: { keys: ['lr'], make: (v) => tf.train.adam(num(v, 'lr', 0.001)) },
  noisy: {
    keys: ['lr', 'momentum', 'eta', 'gamma', 'clip'],
    make: (v, seed) =>
      new NoisyGradientSGD({
        ...sgdOptions(v),
        noise: annealedVarianceSchedule({ eta: num(v, 'eta', 0.01), gamma: num(v, 'gamma', 0.55) }),
        clipNorm: v['clip'] === undefined ? null : Number(v['clip']),
        seed,
      }),
  },
  'noisy-adam': {
    keys: ['lr', 'eta', 'gamma'],
    make: (v, seed) =>
      withGradientNoise(tf.train.adam(num(v, 'lr', 0.001)), {
        noise: annealedVarianceSchedule({ eta: num(v, 'eta', 0.01), gamma: num(v, 'gamma', 0.55) }),
        seed,
      }),
  },
  symmetric: {
    keys: ['lr', 'momentum', 'noise', 'mode', 'scale'],
    make: (v, seed) =>
      new SymmetricSGD({
        ...sgdOptions(v),
        noise: num(v, 'noise', 0.01),
        mode: str(v, 'mode', 'two-point'),
        scale: str(v, 'scale', 'relative'),
        seed,
      }),
  },
  layerwise: {
    keys: ['lr', 'momentum', 'noise', 'mode', 'choice', 'wd'],
    make: (v, seed) =>
      new LayerwisePerturbedGD({
        ...sgdOptions(v),
        noise: num(v, 'noise', 0.03),
        mode: str(v, 'mode', 'layer'),
        choice: str(v, 'choice', 'cyclic'),
        weightDecay: num(v, 'wd', 0),
        seed,
      }),
  },
  'alpha-stable': {
    keys: ['lr', 'momentum', 'alpha', 'noise', 'noiseClip'],
    make: (v, seed) =>
      new AlphaStableNoiseSGD({
        ...sgdOptions(v),
        alpha: num(v, 'alpha', 1.5),
        noise: num(v, 'noise', 0.01),
        noiseClip: num(v, 'noiseClip', 10),
        seed,
      }),
  },
  sam: { keys: ['lr', 'momentum', 'rho'], make: (v) => withSAM(baseSgd(v), { rho: num(v, 'rho', 0.05) }) },
  asam: { keys: ['lr', 'momentum', 'rho', 'eta'], make: (v) => withASAM(baseSgd(v), { rho: num(v, 'rho', 0.5), eta: num(v, 'eta', 0.01) }) },
  'anti-pgd': {
    keys: ['lr', 'noise'],
    make: (v, seed) => new AntiPGD({ learningRate: num(v, 'lr', 0.1), noise: num(v, 'noise', 0.01), seed }),
  },
  sgld: {
    keys: ['lr', 'temperature', 'preconditioned'],
    make: (v, seed) =>
      new SGLD({
        learningRate: num(v, 'lr', 0.1),
        temperature: num(v, 'temperature', 1e-4),
        // Anything but true/false reaches SGLD as is, which names it in an InvalidOptionError.
        preconditioned: ({ true: true, false: false } as Record<string, boolean>)[String(v['preconditioned'] ?? false)] ?? (v['preconditioned'] as never),
        seed,
      }),
  },
};

export const DEFAULT_OPTIMIZERS = 'sgd,noisy,symmetric,layerwise,alpha-stable';

export type OptimizerSpec = { label: string; name: string; values: Values; make: (seed: number) => tf.Optimizer };

/**
 * Parses `--optimizers`, e.g. `sgd,noisy:eta=0.3:gamma=0.55,symmetric:mode=alternating`.
 * `lr=` given to `--lr` applies to every entry that does not set its own.
 * Each spec is built once here, so a bad option fails before any training.
 */
export function parseOptimizers(list: string, defaults: Values = {}): OptimizerSpec[] {
  const specs = list
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((item) => {
      const [name, ...pairs] = item.split(':');
      const entry = OPTIMIZERS[name!];
      if (!entry) throw new Error(`--optimizers: unknown optimizer "${name}"; known: ${Object.keys(OPTIMIZERS).join(', ')}.`);
      const values: Values = {};
      for (const [k, v] of Object.entries(defaults)) if (entry.keys.includes(k)) values[k] = v;
      for (const pair of pairs) {
        const [key, raw] = pair.split('=');
        if (!key || raw === undefined || !entry.keys.includes(key)) {
          throw new Error(`--optimizers: "${pair}" is not an option of ${name}; it takes ${entry.keys.map((k) => `${k}=…`).join(', ')}.`);
        }
        values[key] = raw !== '' && Number.isFinite(Number(raw)) ? Number(raw) : raw;
      }
      return { label: item, name: name!, values, make: (seed: number) => entry.make(values, seed) };
    });
  if (specs.length === 0) throw new Error('--optimizers: give at least one optimizer.');
  for (const s of specs) s.make(1).dispose(); // validate now (InvalidOptionError names the option)
  return specs;
}
