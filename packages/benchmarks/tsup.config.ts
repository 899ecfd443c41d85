import { defineConfig } from 'tsup';

export default defineConfig({
  entry: { speed: 'src/speedMain.ts', speedBrowser: 'src/browserSpeedMain.ts', papers: 'src/papersMain.ts', index: 'src/index.ts' },
  format: ['esm'],
  dts: false,
  clean: true,
  sourcemap: true,
  target: 'node20',
  platform: 'node',
  external: [/^@tensorflow\//, /^@tfjs-noise\//, 'vega', 'vega-lite', 'esbuild', 'playwright-core'],
});
