import { playwright } from '@vitest/browser-playwright';
import { defineConfig } from 'vitest/config';
import { chromiumArgs, chromiumPath } from './scripts/chromium.mjs';
import { sourceAliases } from './vitest.config';

/**
 * The cross-backend contract files (`test/backends/**`) in headless Chromium on
 * one GPU backend, chosen by `TFJS_BACKEND` (webgl | webgl-f16 | webgpu):
 *
 *   TFJS_BACKEND=webgl npx vitest run --config vitest.browser.config.ts
 *
 * The GPU is SwiftShader (CPU-emulated), so these lanes check correctness on the
 * real WebGL/WebGPU kernels, never GPU speed. Only Debian's chromium is used: the
 * machines reach no browser download host, so playwright never installs one.
 */
const backends = ['webgl', 'webgl-f16', 'webgpu'] as const;
export type BrowserBackend = (typeof backends)[number];

const requested = process.env.TFJS_BACKEND ?? 'webgl';
if (!(backends as readonly string[]).includes(requested)) {
  throw new Error(`TFJS_BACKEND must be one of ${backends.join(', ')} for the browser lanes; got ${JSON.stringify(requested)}`);
}

const args = chromiumArgs();

export default defineConfig({
  resolve: { alias: sourceAliases },
  // Pre-bundle every dependency the tests import up front: otherwise Vite finds
  // them during the run and reloads the page in the middle of it.
  optimizeDeps: {
    include: [
      '@tensorflow/tfjs-core',
      '@tensorflow/tfjs-core/dist/register_all_gradients',
      '@tensorflow/tfjs-layers',
      '@tensorflow/tfjs-backend-webgl',
      '@tensorflow/tfjs-backend-webgpu',
    ],
  },
  test: {
    include: ['test/backends/**/*.test.ts'],
    // As the Node lanes (vitest.backends.config.ts): SwiftShader's WebGPU is slow on 2 cores.
    testTimeout: 300_000,
    hookTimeout: 300_000,
    setupFiles: ['./test/setup.browser.ts'],
    // Read in test/setup.browser.ts with inject('tfjsBackend').
    provide: { tfjsBackend: requested as BrowserBackend, contractCases: process.env.TFJS_CONTRACT_CASES ?? '' },
    browser: {
      enabled: true,
      headless: true,
      provider: playwright({
        launchOptions: { executablePath: chromiumPath, args },
      }),
      instances: [{ browser: 'chromium' }],
      // One page at a time: every file shares the one GPU process, and the machines have 2 cores.
      fileParallelism: false,
      screenshotFailures: false,
    },
  },
});
