import * as tf from '@tensorflow/tfjs-core';
import { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import { afterAll, describe, expect, it } from 'vitest';
import { selectBackend, type Importer } from '../src/index';

const notInstalled = (specifier: string) => Object.assign(new Error(`Cannot find package '${specifier}'`), { code: 'ERR_MODULE_NOT_FOUND' });

/** Pretends exactly the packages in `installed` exist; importing tfjs-node registers a 'tensorflow' backend, as the real one does. */
function importerWith(installed: string[]): Importer {
  return async (specifier) => {
    if (!installed.includes(specifier)) throw notInstalled(specifier);
    if (specifier.startsWith('@tensorflow/tfjs-node')) {
      if (!tf.findBackendFactory('tensorflow')) tf.registerBackend('tensorflow', () => new MathBackendCPU(), 0);
      return {};
    }
    return import(specifier);
  };
}

describe('backend selection', () => {
  afterAll(async () => void (await tf.setBackend('cpu')));

  it('auto prefers an installed tfjs-node and says why it passed over tfjs-node-gpu', async () => {
    const choice = await selectBackend('auto', importerWith(['@tensorflow/tfjs-node', '@tensorflow/tfjs-backend-wasm']));
    expect(choice.backend).toBe('tensorflow');
    expect(choice.reason).toMatch(/@tensorflow\/tfjs-node is installed/);
    expect(choice.fallbacks).toEqual(['@tensorflow/tfjs-node-gpu: not installed']);
    tf.removeBackend('tensorflow');
  });

  it('auto falls back to wasm when no tfjs-node is installed', async () => {
    const choice = await selectBackend('auto', importerWith(['@tensorflow/tfjs-backend-wasm']));
    expect(choice.backend).toBe('wasm');
    expect(choice.reason).toMatch(/wasm backend/);
    expect(choice.fallbacks).toEqual(['@tensorflow/tfjs-node-gpu: not installed', '@tensorflow/tfjs-node: not installed']);
  });

  it('a tfjs-node installed without its addon (install script skipped) is passed over with that reason', async () => {
    const base = importerWith(['@tensorflow/tfjs-backend-wasm']);
    const unbuilt: Importer = async (specifier) => {
      if (specifier !== '@tensorflow/tfjs-node') return base(specifier);
      // The first lines of the error tfjs-node 4.22 throws when lib/napi-v8/tfjs_binding.node is missing.
      throw new Error('The Node.js native addon module (tfjs_binding.node) can not be found at path: /x/lib/napi-v8/tfjs_binding.node. \nPlease run command \'npm rebuild @tensorflow/tfjs-node build-addon-from-source\' to rebuild the native addon module.');
    };
    const choice = await selectBackend('auto', unbuilt);
    expect(choice.backend).toBe('wasm');
    expect(choice.fallbacks).toEqual([
      '@tensorflow/tfjs-node-gpu: not installed',
      '@tensorflow/tfjs-node: installed, but its native addon (tfjs_binding.node) is not built',
    ]);
  });

  it('auto falls back to cpu when wasm cannot load, with the reason', async () => {
    const choice = await selectBackend('auto', importerWith([]));
    expect(choice.backend).toBe('cpu');
    expect(choice.fallbacks).toEqual([
      '@tensorflow/tfjs-node-gpu: not installed',
      '@tensorflow/tfjs-node: not installed',
      'wasm: not installed',
    ]);
  });

  it('an explicit request fails loudly instead of falling back', async () => {
    await expect(selectBackend('tensorflow', importerWith([]))).rejects.toThrow(
      /Backend "tensorflow" is not available here: @tensorflow\/tfjs-node-gpu: not installed; @tensorflow\/tfjs-node: not installed\. Install @tensorflow\/tfjs-node/,
    );
    await expect(selectBackend('webgpu', importerWith([]))).rejects.toThrow(/Backend "webgpu" is not available here: webgpu: not installed/);
  });
});
