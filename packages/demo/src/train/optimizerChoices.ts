import type * as tf from '@tensorflow/tfjs-core';
import { OPTIMIZERS } from '@tfjs-noise/examples/browser';

export type OptimizerChoice = {
  id: string;
  label: string;
  /** Its colour in every chart, whichever optimizers are compared. */
  color: string;
  /** What one noise-scale unit means for this optimizer, for the results table. */
  describeNoise: (scale: number) => string;
  make: (o: { learningRate: number; noiseScale: number; seed: number }) => tf.Optimizer;
};

const entry = (name: string) => {
  const e = OPTIMIZERS[name];
  if (!e) throw new Error(`The examples define no optimizer "${name}".`);
  return e;
};

/**
 * The optimizers the page offers, built through the examples' table (the same
 * defaults as the CLI). The page's "noise scale" multiplies each optimizer's
 * default noise magnitude (a standard deviation, the ± size of the symmetric
 * pair, or the α-stable scale c). NoisyGradientSGD anneals a *variance*
 * η/(1+t)^0.55, so its η is multiplied by the square.
 */
export const OPTIMIZER_CHOICES: OptimizerChoice[] = [
  {
    id: 'sgd',
    label: 'SGD (baseline)',
    color: '#4c78a8',
    describeNoise: () => 'none',
    make: (o) => entry('sgd').make({ lr: o.learningRate }, o.seed),
  },
  {
    id: 'noisy',
    label: 'NoisyGradientSGD',
    color: '#f58518',
    describeNoise: (s) => `η=${fmt(0.01 * s * s)}, γ=0.55`,
    make: (o) => entry('noisy').make({ lr: o.learningRate, eta: 0.01 * o.noiseScale ** 2 }, o.seed),
  },
  {
    id: 'symmetric-two-point',
    label: 'SymmetricSGD two-point',
    color: '#e45756',
    describeNoise: (s) => `±${fmt(0.01 * s)} × RMS`,
    make: (o) => entry('symmetric').make({ lr: o.learningRate, noise: 0.01 * o.noiseScale, mode: 'two-point' }, o.seed),
  },
  {
    id: 'symmetric-alternating',
    label: 'SymmetricSGD alternating',
    color: '#72b7b2',
    describeNoise: (s) => `±${fmt(0.01 * s)} × RMS`,
    make: (o) => entry('symmetric').make({ lr: o.learningRate, noise: 0.01 * o.noiseScale, mode: 'alternating' }, o.seed),
  },
  {
    id: 'layerwise',
    label: 'LayerwisePerturbedGD',
    color: '#54a24b',
    describeNoise: (s) => `σ=${fmt(0.03 * s)}, one layer/step`,
    make: (o) => entry('layerwise').make({ lr: o.learningRate, noise: 0.03 * o.noiseScale }, o.seed),
  },
  {
    id: 'alpha-stable',
    label: 'AlphaStableNoiseSGD',
    color: '#b279a2',
    describeNoise: (s) => `α=1.5, c=${fmt(0.01 * s)}`,
    make: (o) => entry('alpha-stable').make({ lr: o.learningRate, noise: 0.01 * o.noiseScale }, o.seed),
  },
];

function fmt(x: number): string {
  return Number(x.toPrecision(3)).toString();
}
