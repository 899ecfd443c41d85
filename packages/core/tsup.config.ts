import { defineConfig } from 'tsup';
import { writeNodeEsmWrappers } from '../../scripts/nodeEsmWrappers';

export default defineConfig({
  entry: { index: 'src/index.ts', 'layers/index': 'src/layers/index.ts', 'decentralized/index': 'src/decentralized/index.ts' },
  format: ['esm', 'cjs'],
  dts: true,
  clean: true,
  sourcemap: true,
  target: 'es2020',
  // Shared chunks in CJS too, so `@tfjs-noise/core` and its subpaths hand out
  // one copy of each class (NoiseStream, the validation errors) per format.
  splitting: true,
  // tsup builds the formats in parallel; the wrappers need the finished CJS build.
  onSuccess: async () => writeNodeEsmWrappers(process.cwd(), ['index', 'layers/index', 'decentralized/index']),
  // tfjs is a peer dependency: bundling it would create a second engine and
  // break `instanceof Optimizer` (tfjs issue #683).
  external: [/^@tensorflow\//],
});
