import * as tf from '@tensorflow/tfjs-core';
import { fusedNoiseKernelFor, registerFusedNoiseKernel, type FusedNoiseKernel } from '@tfjs-noise/core';
import { describe, expect, it } from 'vitest';
import { browserCatalog, NO_NOISE, NO_NOISE_SKIP, runBrowserSpeed } from '../src/browserSpeed';
import { browserSpeedMarkdown } from '../src/browserSpeedReport';
import { catalog } from '../src/optimizerCatalog';

// The page side of bench:speed:browser is plain tfjs, so its structure is checked here on
// cpu (tiny sizes); the browser run itself is the bench:speed:browser script.
describe('bench:speed:browser (smoke: structure, not numbers)', () => {
  it('times every catalog optimizer plus NoisyGradientSGD with noise 0 against sgd and adam, and frees everything', async () => {
    const before = tf.memory().numTensors;
    const rows = await runBrowserSpeed({ batchSize: 8, hidden: [8], rounds: 1, steps: 1, log: () => {} });
    expect(tf.memory().numTensors).toBe(before);
    const names = rows.map((r) => r.optimizer);
    expect(names).toEqual(browserCatalog().map((e) => e.name));
    // The host fused kernel reads gradients back: not a browser row. Fused kernel 'off' rows are the upload path.
    const inBrowser = catalog().filter((e) => e.fusedKernel !== 'host');
    expect(inBrowser.length).toBeLessThan(catalog().length);
    expect(names).toEqual(inBrowser.map((e) => e.name).flatMap((n) => (n === 'NoisyGradientSGD' ? [n, NO_NOISE, NO_NOISE_SKIP] : [n])));
    expect(rows.find((r) => r.optimizer === 'tf.train.sgd')!.ratioSgd).toBe(1);
    expect(rows.find((r) => r.optimizer === 'tf.train.adam')!.ratioAdam).toBe(1);
    for (const r of rows) {
      expect(r.backend).toBe('cpu');
      expect(r.model).toBe('MLP 784-8-10');
      expect(r.msPerStep).toBeGreaterThan(0);
    }
    const md = browserSpeedMarkdown(rows, 'meta', ['webgpu: not measured: no adapter']);
    expect(md).toMatch(/^# Speed benchmark in headless Chromium/);
    expect(md).toContain(`| cpu | MLP 784-8-10 | ${NO_NOISE} | 1 |`);
    expect(md).toContain('- webgpu: not measured: no adapter');
  });

  it('the noise-0 entries are NoisyGradientSGDs that draw nothing, one per finite policy', () => {
    for (const [name, policy] of [[NO_NOISE, 'throw'], [NO_NOISE_SKIP, 'skip']] as const) {
      const opt = browserCatalog().find((e) => e.name === name)!.make();
      expect(opt.getClassName()).toBe('NoisyGradientSGD');
      expect(opt.getConfig()).toMatchObject({ noise: 0, nonFinite: policy });
      opt.dispose();
    }
  });

  it("--only picks exact names, else substrings (baselines always run), and 'fused kernel off' rows never call the backend's kernel", async () => {
    const builtIn = fusedNoiseKernelFor('cpu')!;
    let calls = 0;
    const counting: FusedNoiseKernel = (r) => (calls++, builtIn(r));
    registerFusedNoiseKernel('cpu', counting);
    try {
      const run = async (only: string[]) => {
        calls = 0;
        const rows = await runBrowserSpeed({ batchSize: 8, hidden: [8], rounds: 1, steps: 1, only, log: () => {} });
        return { names: rows.map((r) => r.optimizer), calls };
      };
      const upload = await run(['NoisyGradientSGD, tf ops (fused kernel off)']);
      expect(upload.names).toEqual(['tf.train.sgd', 'tf.train.adam', 'NoisyGradientSGD, tf ops (fused kernel off)']);
      expect(upload.calls).toBe(0);
      const device = await run(['NoisyGradientSGD']);
      expect(device.names).toEqual(['tf.train.sgd', 'tf.train.adam', 'NoisyGradientSGD']);
      expect(device.calls).toBeGreaterThan(0);
      expect((await run(['noise 0'])).names).toEqual(['tf.train.sgd', 'tf.train.adam', NO_NOISE, NO_NOISE_SKIP, 'NoisyGradientSGD, noise 0 (machinery only)']);
      expect(fusedNoiseKernelFor('cpu')).toBe(counting);
    } finally {
      registerFusedNoiseKernel('cpu', builtIn);
    }
  });
});
