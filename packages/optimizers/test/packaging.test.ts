import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
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

/** Per-optimizer entry points and the class each one exports. */
const optimizerEntries = [
  ['noisy-gradient-sgd', 'NoisyGradientSGD'],
  ['gradient-noise', 'GradientNoise'],
  ['symmetric-sgd', 'SymmetricSGD'],
  ['layerwise-perturbed-gd', 'LayerwisePerturbedGD'],
  ['alpha-stable-noise-sgd', 'AlphaStableNoiseSGD'],
] as const;

/** Every emitted JavaScript file of a package (entries and shared chunks). */
function jsFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.js') || f.endsWith('.cjs'))
    .map((f) => dir + f);
}

describe('built packages', () => {
  it.each(entries)('%s ships ESM, CJS and .d.ts with the same exports', async (_name, base) => {
    for (const ext of ['.js', '.cjs', '.d.ts', '.d.cts']) {
      expect(existsSync(root + base + ext), `${base + ext} missing: run "pnpm build" first`).toBe(true);
    }
    const esm = await import(root + base + '.js');
    const cjs = require(root + base + '.cjs');
    expect(Object.keys(esm).sort()).toEqual(Object.keys(cjs).sort());
    // Node's `import` gets a wrapper over the CJS build: same names, same
    // objects. Checked in plain Node: vitest's module runner loads .cjs itself.
    const script = [
      `import * as node from ${JSON.stringify(root + base + '.node.js')};`,
      `import { createRequire } from 'node:module';`,
      `const cjs = createRequire(import.meta.url)(${JSON.stringify(root + base + '.cjs')});`,
      `const keys = Object.keys(cjs);`,
      `const same = keys.length === Object.keys(node).length && keys.every((k) => node[k] === cjs[k]);`,
      `console.log(same ? 'same' : 'different');`,
    ].join('\n');
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
    expect(out.trim().split('\n').pop()).toBe('same');
  });

  it.each(['core', 'optimizers'])('%s imports tfjs by name and never inlines it', (pkg) => {
    const files = jsFiles(`${root}packages/${pkg}/dist/`);
    expect(files.length).toBeGreaterThan(3);
    const all = files.map((f) => readFileSync(f, 'utf8')).join('\n');
    // tfjs stays a peer dependency: imported by name, never inlined.
    expect(all).toMatch(/from ["']@tensorflow\/tfjs-core["']/);
    expect(all).toMatch(/require\(["']@tensorflow\/tfjs-core["']\)/);
    expect(all).not.toMatch(/class Engine\b|registerKernel\(/);
  });

  it.each(optimizerEntries)('optimizers/%s hands out the root entry\'s class in ESM and in CJS', async (entry, name) => {
    const base = `${root}packages/optimizers/dist/`;
    const esm = await import(`${base}${entry}.js`);
    const cjs = require(`${base}${entry}.cjs`);
    expect(Object.keys(esm)).toContain(name);
    // Shared chunks: one class, registered once, whichever entry loads it.
    expect(esm[name]).toBe((await import(`${base}index.js`))[name]);
    expect(cjs[name]).toBe(require(`${base}index.cjs`)[name]);
    expect(esm[name].className).toBe(name);
  });

  it('declares tfjs as a peer dependency only, with a LICENSE and engines', () => {
    for (const pkg of ['core', 'optimizers']) {
      const dir = `${root}packages/${pkg}/`;
      const json = JSON.parse(readFileSync(`${dir}package.json`, 'utf8'));
      expect(json.peerDependencies['@tensorflow/tfjs-core']).toBeDefined();
      expect(json.dependencies?.['@tensorflow/tfjs-core']).toBeUndefined();
      expect(json.license).toBe('Apache-2.0');
      expect(json.engines.node).toMatch(/^>=\d+/);
      expect(readFileSync(`${dir}LICENSE`, 'utf8')).toContain('Apache License\n                           Version 2.0, January 2004');
      // Registering modules must not be marked side-effect-free, or bundlers drop `import '@tfjs-noise/…'`.
      expect(json.sideEffects).not.toBe(false);
    }
  });
});
