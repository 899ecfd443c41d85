import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const require = createRequire(import.meta.url);

/** The built packages (the root `test` script builds before testing). */
const entries = [
  ['core', 'packages/core/dist/index'],
  ['core/layers', 'packages/core/dist/layers/index'],
  ['core/decentralized', 'packages/core/dist/decentralized/index'],
  ['optimizers', 'packages/optimizers/dist/index'],
] as const;

describe('built packages', () => {
  it.each(entries)('%s ships ESM, CJS and .d.ts with the same exports, without bundling tfjs', async (_name, base) => {
    for (const ext of ['.js', '.cjs', '.d.ts', '.d.cts']) {
      expect(existsSync(root + base + ext), `${base + ext} missing: run "pnpm build" first`).toBe(true);
    }
    const esm = await import(root + base + '.js');
    const cjs = require(root + base + '.cjs');
    expect(Object.keys(esm).sort()).toEqual(Object.keys(cjs).sort());
    const code = readFileSync(root + base + '.js', 'utf8');
    // tfjs stays a peer dependency: imported by name, never inlined.
    if (Object.keys(esm).length > 0) expect(code).toMatch(/from ["']@tensorflow\/tfjs-core["']/);
    expect(code).not.toMatch(/class Engine\b|registerKernel\(/);
  });

  it('declares tfjs as a peer dependency only', () => {
    for (const pkg of ['core', 'optimizers']) {
      const json = JSON.parse(readFileSync(`${root}packages/${pkg}/package.json`, 'utf8'));
      expect(json.peerDependencies['@tensorflow/tfjs-core']).toBeDefined();
      expect(json.dependencies?.['@tensorflow/tfjs-core']).toBeUndefined();
    }
  });
});
