import * as tfl from '@tensorflow/tfjs-layers';
import { InvalidOptionError } from '@tfjs-noise/core';

/**
 * A ReLU MLP (flatten → dense … → dense softmax) initialised like PyTorch's
 * `nn.Linear` default, which the authors' code of Orvieto et al. 2023 uses:
 * kernel and bias both U(−1/√fan_in, 1/√fan_in) (kaiming_uniform with a = √5
 * gives exactly this bound for the kernel). tfjs's default (Glorot uniform,
 * zero bias) differs, and the size of a fixed-σ weight perturbation relative
 * to the weights depends on it. Every initialiser is seeded from `seed`.
 */
export function torchDefaultMlp(inputShape: number[], hidden: number[], classes: number, seed: number): tfl.LayersModel {
  if (hidden.length === 0 || hidden.some((w) => !Number.isInteger(w) || w < 1)) {
    throw new InvalidOptionError('torchDefaultMlp', 'hidden', hidden, 'a non-empty list of positive integer widths');
  }
  const model = tfl.sequential();
  model.add(tfl.layers.flatten({ inputShape }));
  let fanIn = inputShape.reduce((a, b) => a * b, 1);
  let s = seed;
  const widths = [...hidden, classes];
  widths.forEach((units, i) => {
    const bound = 1 / Math.sqrt(fanIn);
    model.add(
      tfl.layers.dense({
        units,
        activation: i === widths.length - 1 ? 'softmax' : 'relu',
        kernelInitializer: tfl.initializers.randomUniform({ minval: -bound, maxval: bound, seed: s++ }),
        biasInitializer: tfl.initializers.randomUniform({ minval: -bound, maxval: bound, seed: s++ }),
      }),
    );
    fanIn = units;
  });
  return model;
}
