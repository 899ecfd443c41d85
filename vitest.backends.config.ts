import { defineConfig } from 'vitest/config';
import base from './vitest.config';

// The cross-backend suite (test/backends/), run once per Node lane by scripts/test-backends.mjs
// with TFJS_BACKEND=cpu|wasm|tensorflow|webgpu-node; test/setupBackend.ts activates the backend.
// Same aliases, pool and timeouts as the main config; only the files and the setup differ.
export default defineConfig({
  ...base,
  test: {
    ...base.test,
    include: ['test/backends/**/*.test.ts'],
    setupFiles: ['./test/setupBackend.ts'],
    typecheck: { enabled: false },
  },
});
