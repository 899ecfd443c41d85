import { defineConfig } from 'tsup';
import { writeNodeEsmWrappers } from '../../scripts/nodeEsmWrappers';

/**
 * One entry per optimizer besides the root barrel, so an app that imports one
 * optimizer ships only that one (each class registers itself for
 * `tf.loadLayersModel` when its module is evaluated, so no bundler can drop
 * the other classes from the root barrel by tree-shaking).
 */
export const optimizerEntries = {
  'noisy-gradient-sgd': 'src/noisyGradientSGD.ts',
  'gradient-noise': 'src/gradientNoise.ts',
  'symmetric-sgd': 'src/symmetricSGD.ts',
  'layerwise-perturbed-gd': 'src/layerwisePerturbedGD.ts',
  'alpha-stable-noise-sgd': 'src/alphaStableNoiseSGD.ts',
} as const;

export default defineConfig({
  entry: { index: 'src/index.ts', ...optimizerEntries },
  format: ['esm', 'cjs'],
  dts: true,
  clean: true,
  sourcemap: true,
  target: 'es2020',
  // Shared chunks in both formats: the root entry and a per-optimizer entry
  // must hand out the same class (and register it once), in ESM and in CJS.
  splitting: true,
  // tsup builds the formats in parallel; the wrappers need the finished CJS build.
  onSuccess: async () => writeNodeEsmWrappers(process.cwd(), ['index', ...Object.keys(optimizerEntries)]),
  // tfjs is a peer dependency: bundling it would create a second engine and
  // break `instanceof Optimizer` (tfjs issue #683).
  external: [/^@tensorflow\//, /^@tfjs-noise\//],
});
