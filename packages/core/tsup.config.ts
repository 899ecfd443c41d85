import { defineConfig } from 'tsup';

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
  // tfjs is a peer dependency: bundling it would create a second engine and
  // break `instanceof Optimizer` (tfjs issue #683).
  external: [/^@tensorflow\//],
});
