import { defineConfig } from 'vitest/config';
import { sourceAliases } from './vitest.config';

// The cross-backend contract suite (test/backends/), run once per Node lane by
// scripts/test-backends.mjs (`npx -y pnpm@10 test:backends`) with
// TFJS_BACKEND=cpu|wasm|tensorflow|webgpu-node; test/setupBackend.ts activates
// that backend (cpu when unset) and fails the run unless it is the active one.
export default defineConfig({
  resolve: { alias: sourceAliases },
  test: {
    include: ['test/backends/**/*.test.ts'],
    testTimeout: 300_000,
    hookTimeout: 300_000,
    pool: 'forks',
    setupFiles: ['./test/setupBackend.ts'],
  },
});
