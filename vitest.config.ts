import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const src = (p: string) => fileURLToPath(new URL(p, import.meta.url));

/** Tests import the packages by name; resolve them to the TypeScript sources. */
export const sourceAliases = [
  { find: /^@tfjs-noise\/core\/layers$/, replacement: src('./packages/core/src/layers/index.ts') },
  { find: /^@tfjs-noise\/core\/decentralized$/, replacement: src('./packages/core/src/decentralized/index.ts') },
  { find: /^@tfjs-noise\/core$/, replacement: src('./packages/core/src/index.ts') },
  { find: /^@tfjs-noise\/optimizers$/, replacement: src('./packages/optimizers/src/index.ts') },
  { find: /^@tfjs-noise\/examples\/browser$/, replacement: src('./packages/examples/src/browser.ts') },
  { find: /^@tfjs-noise\/examples$/, replacement: src('./packages/examples/src/index.ts') },
];

// tfjs prints its "install the node backend" banner once per process, and each
// test file runs in its own fork: show it once for the whole run.
let tfjsBannerShown = false;

// Tests run against the TypeScript sources (fast, exact stack traces); the
// packaging test checks the built dist entry points separately. The
// cross-backend contract suite (test/backends) runs per backend through
// vitest.backends.config.ts, not here.
export default defineConfig({
  resolve: { alias: sourceAliases },
  test: {
    include: ['packages/*/test/**/*.test.ts', 'test/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // tfjs keeps one global engine per process; isolate files in forks.
    pool: 'forks',
    setupFiles: ['./test/setup.ts'],
    onConsoleLog(log) {
      if (!log.includes('looks like you are running TensorFlow.js in Node.js')) return undefined;
      if (tfjsBannerShown) return false;
      tfjsBannerShown = true;
      return undefined;
    },
    typecheck: { enabled: true, include: ['packages/*/test/**/*.test-d.ts'], tsconfig: './tsconfig.json' },
  },
});
