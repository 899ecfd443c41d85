import { defineConfig } from 'vitest/config';

// A tiny vitest project with known outcomes, run by test/laneResult.test.ts to check that
// test:backends reads vitest's real JSON report right. Not part of any suite.
export default defineConfig({
  test: { include: ['test/laneFixture/*.check.ts'], pool: 'threads' },
});
