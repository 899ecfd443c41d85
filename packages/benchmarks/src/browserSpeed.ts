import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { NoisyGradientSGD } from '@tfjs-noise/optimizers';
// The examples barrel pulls in Node-only modules (fs, progress bars); this file runs in a browser page.
import { buildModel } from '../../examples/src/models/buildModel';
import { noiseAddSpeed } from './browserNoiseSpeed';
import { catalog, type CatalogEntry } from './optimizerCatalog';
import type { BrowserSpeedRow } from './browserSpeedReport';
import { median } from './stats';
import { timedStep } from './timedStep';

export type BrowserSpeedOptions = {
  batchSize: number;
  /** Interleaved rounds; each round times `steps` steps of every optimizer. */
  rounds: number;
  steps: number;
  /** Hidden widths of the MLP (784-…-10). */
  hidden: number[];
  /**
   * Only these optimizers: a name matches an entry of that exact name, else every
   * entry whose name contains it (tf.train.sgd and tf.train.adam, the baselines,
   * always run); empty: all.
   */
  only?: string[];
  log: (line: string) => void;
};

export type { BrowserSpeedRow };

export const NO_NOISE = "NoisyGradientSGD noise 0, nonFinite 'throw'";
export const NO_NOISE_SKIP = "NoisyGradientSGD noise 0, nonFinite 'skip'";
/** Rows of the noise addition alone (one step's g + σε over every variable), GPU backends only. */
export const NOISE_DEVICE = 'noise addition alone: device kernel';
export const NOISE_UPLOAD = 'noise addition alone: upload path';

/**
 * The speed catalog plus NoisyGradientSGD with noise 0: no draw at all, so its
 * ratio to tf.train.sgd is what the rest of the step costs. Under nonFinite
 * 'throw' the finite guard reads one boolean back every step (a pipeline stall
 * on GPU backends); under 'skip' it decides on the device. Rows with the fused
 * kernel 'off' run the upload path (host draw, upload, tf ops) against the
 * default device kernel; rows with the 'host' kernel are left out: it reads
 * every gradient back from the GPU.
 */
export function browserCatalog(lr = 0.01): CatalogEntry[] {
  const entries = catalog(lr).filter((e) => e.fusedKernel !== 'host');
  const at = entries.findIndex((e) => e.name === 'NoisyGradientSGD') + 1;
  const none = () => {};
  entries.splice(
    at,
    0,
    { name: NO_NOISE, make: () => new NoisyGradientSGD({ learningRate: lr, noise: 0, seed: 1, nonFinite: 'throw' }), passes: 1, drawNoise: none },
    { name: NO_NOISE_SKIP, make: () => new NoisyGradientSGD({ learningRate: lr, noise: 0, seed: 1, nonFinite: 'skip' }), passes: 1, drawNoise: none },
  );
  return entries;
}

type Bench = { entry: CatalogEntry; model: tfl.LayersModel; opt: tf.Optimizer; vars: tf.Variable[]; times: number[] };

async function step(b: Bench, xs: tf.Tensor, ys: tf.Tensor): Promise<void> {
  const loss = () => tf.losses.softmaxCrossEntropy(ys, b.model.apply(xs) as tf.Tensor) as tf.Scalar;
  await timedStep(b.entry, b.opt, loss, b.vars);
}

/**
 * Median step time of every optimizer on the current backend as a ratio to
 * tf.train.sgd and tf.train.adam timed round-robin in the same page (the same
 * method as bench:speed in Node), on an MLP 784-hidden-10.
 */
export async function runBrowserSpeed(o: BrowserSpeedOptions): Promise<BrowserSpeedRow[]> {
  const backend = tf.getBackend();
  const xs = tf.randomUniform([o.batchSize, 28, 28, 1], 0, 1, 'float32', 5);
  const ys = tf.tidy(() => tf.cast(tf.oneHot(tf.randomUniform([o.batchSize], 0, 10, 'int32', 6) as tf.Tensor1D, 10), 'float32'));
  const benches: Bench[] = [];
  const baselines = ['tf.train.sgd', 'tf.train.adam'];
  const all = browserCatalog();
  const names = all.map((e) => e.name);
  const wanted = (name: string) => !o.only?.length || baselines.includes(name) || o.only.some((w) => name === w || (!names.includes(w) && name.includes(w)));
  for (const entry of all.filter((e) => wanted(e.name))) {
    const model = buildModel('mlp', [28, 28, 1], 10, { seed: 1, hidden: o.hidden });
    const b: Bench = { entry, model, opt: entry.make(), vars: model.trainableWeights.map((w) => w.read() as tf.Variable), times: [] };
    // Two warm-up steps: slots exist and every shader is compiled before timing.
    for (let i = 0; i < 2; i++) await step(b, xs, ys);
    benches.push(b);
  }
  for (let round = 0; round < o.rounds; round++) {
    for (const b of benches) {
      const t0 = performance.now();
      for (let s = 0; s < o.steps; s++) await step(b, xs, ys);
      b.times.push((performance.now() - t0) / o.steps);
    }
    o.log(`  ${backend}: round ${round + 1}/${o.rounds}`);
  }
  const base = (name: string) => median(benches.find((b) => b.entry.name === name)!.times);
  const sgd = base('tf.train.sgd');
  const adam = base('tf.train.adam');
  const model = `MLP 784-${o.hidden.join('-')}-10`;
  const rows = benches.map((b) => {
    const ms = median(b.times);
    return { backend, model, optimizer: b.entry.name, passes: b.entry.passes, msPerStep: ms, ratioSgd: ms / sgd, ratioAdam: ms / adam };
  });
  // On GPU backends, the noise addition alone: device kernel vs upload path, as a share of an sgd step.
  if (backend === 'webgl' || backend === 'webgpu') {
    const noise = await noiseAddSpeed(benches[0]!.vars, 3 * o.rounds);
    if (noise) {
      for (const [name, ms] of [[NOISE_DEVICE, noise.device], [NOISE_UPLOAD, noise.upload]] as const) {
        rows.push({ backend, model, optimizer: name, passes: 1, msPerStep: ms, ratioSgd: ms / sgd, ratioAdam: ms / adam });
      }
    }
  }
  for (const b of benches) {
    b.model.dispose();
    b.opt.dispose();
  }
  tf.dispose([xs, ys]);
  return rows;
}
