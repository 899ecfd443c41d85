import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../src/index';

// Whether @tensorflow/tfjs-node loads here (the repo's tfjs-node route has built its addon), asked of
// a separate process so the answer does not come from the code under test.
const tfjsNodeLoads =
  spawnSync(process.execPath, ['-e', "require('@tensorflow/tfjs-node')"], { env: { ...process.env, TF_CPP_MIN_LOG_LEVEL: '3' } }).status === 0;
const autoBackend = tfjsNodeLoads ? 'tensorflow' : 'wasm';

async function run(args: string[]) {
  const lines: string[] = [];
  const out = mkdtempSync(join(tmpdir(), 'tfjs-noise-cli-'));
  const code = await main([...args, '--out', out], (l) => lines.push(l));
  return { code, out, text: lines.join('\n') };
}

describe('tfjs-noise-examples command line', () => {
  afterAll(async () => void (await tf.setBackend('cpu')));

  it('smoke: one epoch on a tiny subset writes the table, the JSON and the chart', async () => {
    const { code, out, text } = await run(['--epochs', '1', '--train-limit', '256', '--test-limit', '100', '--batch-size', '32',
      '--optimizers', 'sgd,noisy:eta=0.3,symmetric:mode=alternating,layerwise,alpha-stable:alpha=1.2']);
    expect(code).toBe(0);
    // auto: tfjs-node where it loads, else the wasm backend shipped with the package.
    expect(text).toMatch(tfjsNodeLoads ? /Backend: tensorflow\. auto: @tensorflow\/tfjs-node is installed/ : /Backend: wasm\. auto: wasm backend/);
    expect(text).toMatch(/optimizer .* test accuracy .* test loss .* train loss .* s \/ epoch/);
    for (const name of ['sgd', 'noisy:eta=0.3', 'symmetric:mode=alternating', 'layerwise', 'alpha-stable:alpha=1.2']) {
      expect(text).toContain(name);
    }
    const json = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8'));
    expect(json).toMatchObject({ dataset: 'mnist', train: 256, test: 100, model: 'mlp', epochs: 1, batchSize: 32, seed: 1, backend: autoBackend });
    expect(json.runs).toHaveLength(5);
    for (const r of json.runs) {
      expect(r.error).toBeUndefined();
      for (const k of ['trainLoss', 'testLoss', 'testAccuracy', 'secondsPerEpoch']) expect(r.curves[k]).toHaveLength(1);
      expect(r.curves.testAccuracy[0]).toBeGreaterThan(0.1); // better than chance after one epoch
    }
    const svg = readFileSync(join(out, 'curves.svg'), 'utf8');
    expect(svg.startsWith('<svg')).toBe(true);
    for (const label of ['test accuracy', 'test loss', 'train loss', 'alpha-stable:alpha=1.2']) expect(svg).toContain(label);
    expect(readFileSync(join(out, 'results.md'), 'utf8')).toMatch(/^\| optimizer \| test accuracy \|/);
  });

  it('trains the CNN on wasm (needs the Conv2DBackpropFilter kernel)', async () => {
    const { code, out, text } = await run(['--backend', 'wasm', '--model', 'cnn', '--epochs', '1', '--train-limit', '128', '--test-limit', '64', '--optimizers', 'sgd']);
    expect(code).toBe(0);
    expect(text).toMatch(/^Backend: wasm\./);
    expect(JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')).runs[0].curves.testAccuracy).toHaveLength(1);
  });

  it('rejects bad options before training, naming the option', async () => {
    await expect(run(['--epochs', '0'])).rejects.toThrow('--epochs must be an integer >= 1; got "0".');
    await expect(run(['--optimizers', 'sgd,rmsprop'])).rejects.toThrow(/unknown optimizer "rmsprop"; known: sgd, adam, noisy/);
    await expect(run(['--optimizers', 'noisy:beta=2'])).rejects.toThrow(/"beta=2" is not an option of noisy; it takes lr=…, momentum=…, eta=…/);
    await expect(run(['--optimizers', 'symmetric:mode=three-point'])).rejects.toThrow(/SymmetricSGD: mode must be one of "two-point", "alternating", "one-sided"; got "three-point"/);
    await expect(run(['--dataset', 'imagenet'])).rejects.toThrow(/--dataset must be one of mnist, fashion-mnist, mnist-idx, cifar10/);
    await expect(run(['--dataset', 'cifar10', '--data-dir', '/nonexistent', '--epochs', '1'])).rejects.toThrow(/\/nonexistent\/data_batch_1\.bin: does not exist/);
  });

  it('the default MNIST comparison reaches at least 90% test accuracy with plain SGD', async () => {
    // The README's main job with its default model, data, epochs and batch size, SGD only (the others cost more time).
    const { code, out } = await run(['--optimizers', 'sgd']);
    expect(code).toBe(0);
    const json = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8'));
    expect(json.train).toBe(8000);
    expect(json.test).toBe(2000);
    expect(json.runs[0].curves.testAccuracy.at(-1)).toBeGreaterThanOrEqual(0.9);
    expect(existsSync(join(out, 'curves.svg'))).toBe(true);
  });
});
