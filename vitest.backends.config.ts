import { defineConfig } from 'vitest/config';
import { sourceAliases } from './vitest.config';

// The cross-backend contract suite; the setup file picks the backend from
// TFJS_BACKEND (cpu when unset).
export default defineConfig({
  resolve: { alias: sourceAliases },
  test: {
    include: ['test/backends/**/*.test.ts'],
    testTimeout: 300_000,
    hookTimeout: 300_000,
    pool: 'forks',
    setupFiles: ['./test/setup.ts'],
  },
});
