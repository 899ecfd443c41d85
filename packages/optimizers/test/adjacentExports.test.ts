import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const require = createRequire(import.meta.url);

/** The built entry points (the root `test` script builds first) export the adjacent methods and the composition API. */
const expected = {
  'packages/optimizers/dist/index': ['SAM', 'withSAM', 'ASAM', 'withASAM', 'AntiPGD', 'SGLD'],
  'packages/core/dist/index': [
    'chain', 'ComposedOptimizer', 'registerPiece', 'pieceFromConfig', 'samPerturbation', 'asamPerturbation',
    'symmetricPerturbation', 'layerwisePerturbation', 'clipByGlobalNorm', 'addNoise', 'sgdUpdate', 'optimizerUpdate',
    'langevinUpdate', 'antiCorrelatedUpdate', 'tailIndex',
  ],
};

describe('built packages export the adjacent methods', () => {
  it.each(Object.entries(expected))('%s (ESM and CJS)', async (base, names) => {
    expect(existsSync(root + base + '.js'), `${base}.js missing: run "pnpm build" first`).toBe(true);
    const esm = await import(root + base + '.js');
    const cjs = require(root + base + '.cjs');
    for (const name of names) {
      expect(typeof esm[name], `${name} in ESM`).toBe('function');
      expect(typeof cjs[name], `${name} in CJS`).toBe('function');
    }
  });

  it('registers the optimizer classes under their class names in the built CJS (one tfjs registry)', () => {
    const tf = require('@tensorflow/tfjs-core');
    require(root + 'packages/optimizers/dist/index.cjs');
    const map = tf.serialization.SerializationMap.getMap().classNameMap;
    for (const name of ['SAM', 'ASAM', 'AntiPGD', 'SGLD', 'ComposedOptimizer']) expect(map[name], name).toBeDefined();
  });
});
