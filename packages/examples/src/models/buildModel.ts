import * as tfl from '@tensorflow/tfjs-layers';

export const MODELS = ['mlp', 'cnn', 'deep-mlp'] as const;
export type ModelName = (typeof MODELS)[number];
export const INITS = ['glorot', 'he', 'zero', 'simple'] as const;
/** `simple` is N(0, 0.1²) as in Neelakantan et al.; `zero` sets every weight to 0. */
export type InitName = (typeof INITS)[number];

export type ModelOptions = {
  /** Seed of every initializer, so each optimizer starts from the same weights. */
  seed: number;
  init?: InitName;
  /** Hidden widths of the MLP; default [128]. */
  hidden?: number[];
};

function initializer(init: InitName, seed: number) {
  switch (init) {
    case 'glorot':
      return tfl.initializers.glorotUniform({ seed });
    case 'he':
      return tfl.initializers.heNormal({ seed });
    case 'zero':
      return tfl.initializers.zeros();
    case 'simple':
      return tfl.initializers.randomNormal({ mean: 0, stddev: 0.1, seed });
  }
}

function dense(units: number, activation: 'relu' | 'softmax', init: InitName, seed: number) {
  return tfl.layers.dense({ units, activation, kernelInitializer: initializer(init, seed), biasInitializer: 'zeros' });
}

/**
 * - `mlp`: flatten → dense(128, relu) → dense(classes, softmax) by default.
 * - `cnn`: conv3×3×16 → maxpool → conv3×3×32 → maxpool → dense(classes): the
 *   small CNN of the benchmarks, for 28×28×1 and 32×32×3 inputs.
 * - `deep-mlp`: 20 hidden layers × 50 ReLU (Neelakantan et al. 2015, Table 1),
 *   with the initialisation chosen by `init` (default `simple`).
 */
export function buildModel(name: ModelName, imageShape: [number, number, number], numClasses: number, o: ModelOptions): tfl.LayersModel {
  const model = tfl.sequential();
  let seed = o.seed;
  const next = () => seed++;
  if (name === 'cnn') {
    const init = o.init ?? 'glorot';
    model.add(tfl.layers.conv2d({ inputShape: imageShape, filters: 16, kernelSize: 3, activation: 'relu', kernelInitializer: initializer(init, next()) }));
    model.add(tfl.layers.maxPooling2d({ poolSize: 2 }));
    model.add(tfl.layers.conv2d({ filters: 32, kernelSize: 3, activation: 'relu', kernelInitializer: initializer(init, next()) }));
    model.add(tfl.layers.maxPooling2d({ poolSize: 2 }));
    model.add(tfl.layers.flatten());
  } else {
    model.add(tfl.layers.flatten({ inputShape: imageShape }));
    const deep = name === 'deep-mlp';
    const init = o.init ?? (deep ? 'simple' : 'glorot');
    const widths = deep ? Array.from({ length: 20 }, () => 50) : (o.hidden ?? [128]);
    for (const units of widths) model.add(dense(units, 'relu', init, next()));
    model.add(dense(numClasses, 'softmax', init, next()));
    return model;
  }
  model.add(dense(numClasses, 'softmax', o.init ?? 'glorot', next()));
  return model;
}
