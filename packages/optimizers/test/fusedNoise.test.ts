import * as tf from '@tensorflow/tfjs-core';
import {
  AlphaStableSampler,
  NoiseStream,
  fusedNoiseKernelFor,
  gaussianSampler,
  webglFusedNoise,
  webgpuFusedNoise,
  normalArray,
  registerFusedNoiseKernel,
  type FusedNoiseKernel,
  type FusedNoiseRequest,
  type NamedTensor,
} from '@tfjs-noise/core';
import { AlphaStableNoiseSGD, NoisyGradientSGD, withGradientNoise } from '@tfjs-noise/optimizers';
import { afterEach, describe, expect, it } from 'vitest';

const bits = (a: Float32Array) => Array.from(new Uint32Array(a.buffer, a.byteOffset, a.length));
const builtIn = fusedNoiseKernelFor('cpu');
afterEach(() => {
  registerFusedNoiseKernel('cpu', builtIn);
});

/** Weights after `steps` minimize calls on a loss with a non-trivial gradient, over an odd-sized tensor. */
function trajectory(make: () => tf.Optimizer, steps: number): Float32Array {
  const opt = make();
  const w = tf.variable(tf.tensor(normalArray(111, 3), [37, 3]));
  for (let i = 0; i < steps; i++) opt.minimize(() => tf.sum(tf.mul(tf.square(w), tf.add(1, tf.abs(w)))), false, [w]);
  const out = w.dataSync() as Float32Array;
  w.dispose();
  opt.dispose();
  return out;
}

const CASES: [string, () => tf.Optimizer][] = [
  ['NoisyGradientSGD', () => new NoisyGradientSGD({ learningRate: 0.01, noise: 0.3, seed: 1 })],
  ['NoisyGradientSGD momentum, clipNorm', () => new NoisyGradientSGD({ learningRate: 0.01, noise: 0.3, momentum: 0.9, clipNorm: 1, seed: 2 })],
  ['AlphaStableNoiseSGD α=1.5, noiseClip 3', () => new AlphaStableNoiseSGD({ learningRate: 0.01, alpha: 1.5, noise: 0.1, noiseClip: 3, seed: 3 })],
  ['AlphaStableNoiseSGD α=1, no clip', () => new AlphaStableNoiseSGD({ learningRate: 0.01, alpha: 1, noise: 0.01, noiseClip: null, seed: 4 })],
  ['withGradientNoise(adam)', () => withGradientNoise(tf.train.adam(0.01), { noise: 0.2, seed: 5 })],
];

describe('fused noise kernels (cpu backend)', () => {
  it('cpu and wasm have the built-in host kernel, tensorflow a guarded one; webgl and webgpu the device kernels', () => {
    expect(fusedNoiseKernelFor('cpu')).not.toBeNull();
    expect(fusedNoiseKernelFor('wasm')).toBe(fusedNoiseKernelFor('cpu'));
    expect(fusedNoiseKernelFor('tensorflow')).not.toBeNull();
    expect(fusedNoiseKernelFor('webgl')).toBe(webglFusedNoise);
    expect(fusedNoiseKernelFor('webgpu')).toBe(webgpuFusedNoise);
  });

  it('the device kernels decline (upload path) on a backend that cannot run their programs, such as cpu', () => {
    const request = { gradient: tf.zeros([3]), sampler: gaussianSampler(), seed: 1, step: 0, streamVersion: 2 as const, scale: 1, noiseClip: null };
    expect(webglFusedNoise(request)).toBeNull();
    expect(webgpuFusedNoise(request)).toBeNull();
    request.gradient.dispose();
  });

  it('the tensorflow kernel declines (tf-op path) unless the backend says its tensors are not on a GPU', () => {
    // On the cpu backend there is no isUsingGpuDevice flag, as on a tfjs-node-gpu of unknown device: decline.
    const request = { gradient: tf.zeros([3]), sampler: new AlphaStableSampler(1.5), seed: 1, step: 0, streamVersion: 2 as const, scale: 1, noiseClip: null };
    expect(fusedNoiseKernelFor('tensorflow')!(request)).toBeNull();
    const backend = tf.backend() as unknown as { isUsingGpuDevice?: boolean };
    for (const [flag, fused] of [[true, false], [false, true]] as const) {
      backend.isUsingGpuDevice = flag;
      const out = fusedNoiseKernelFor('tensorflow')!(request);
      expect(out !== null).toBe(fused);
      out?.dispose();
    }
    delete backend.isUsingGpuDevice;
    request.gradient.dispose();
  });

  for (const [name, make] of CASES) {
    it(`${name}: the fused path gives the tf-op path's weights bit for bit over 6 steps`, () => {
      const fused = trajectory(make, 6);
      registerFusedNoiseKernel('cpu', null);
      const ops = trajectory(make, 6);
      expect(bits(fused)).toEqual(bits(ops));
    });
  }

  it('calls the registered kernel with the step, stream seed, version, scale and clip, and falls back when it returns null', () => {
    const seen: Omit<FusedNoiseRequest, 'gradient' | 'sampler'>[] = [];
    const spy: FusedNoiseKernel = ({ gradient: _g, sampler: _s, ...rest }) => {
      seen.push(rest);
      return null;
    };
    registerFusedNoiseKernel('cpu', spy);
    const withSpy = trajectory(CASES[2]![1], 2);
    registerFusedNoiseKernel('cpu', null);
    expect(bits(withSpy)).toEqual(bits(trajectory(CASES[2]![1], 2)));
    const stream = new NoiseStream(3);
    expect(seen).toEqual([0, 1].map((t) => ({ seed: stream.seedFor(t, 0), step: t, streamVersion: 2, scale: 0.1, noiseClip: 3 })));
  });

  it('uses what a registered kernel returns (a kernel adding no noise gives plain SGD)', () => {
    registerFusedNoiseKernel('cpu', ({ gradient }) => tf.clone(gradient));
    const noiseless = trajectory(() => new NoisyGradientSGD({ learningRate: 0.01, noise: 0.3, seed: 1 }), 4);
    const sgd = trajectory(() => tf.train.sgd(0.01), 4);
    expect(bits(noiseless)).toEqual(bits(sgd));
  });

  it('keeps tf.memory().numTensors flat over 50 fused steps', () => {
    const opt = new AlphaStableNoiseSGD({ learningRate: 0.001, alpha: 1.5, noise: 0.1, seed: 6 });
    const w = tf.variable(tf.ones([64, 5]));
    const step = () => opt.minimize(() => tf.sum(tf.square(w)), false, [w]);
    step();
    const before = tf.memory().numTensors;
    for (let i = 0; i < 50; i++) step();
    expect(tf.memory().numTensors).toBe(before);
    w.dispose();
    opt.dispose();
  });
});

/** Injected noise of one step: zero gradient, lr 1, w from 0, so w after the step is −noise exactly. */
async function injectedAfterRestore(opt: NoisyGradientSGD | AlphaStableNoiseSGD, n: number): Promise<Float32Array> {
  const w = tf.variable(tf.zeros([n]));
  opt.minimize(() => tf.mul(tf.sum(w), 0) as tf.Scalar, false, [w]);
  const out = tf.tidy(() => tf.neg(w).dataSync() as Float32Array);
  w.dispose();
  return out;
}

/** The state a noisy optimizer saves, with the stream-version weight dropped: the 0.1.0 layout. */
async function legacyState(opt: tf.Optimizer): Promise<NamedTensor[]> {
  const weights = await opt.getWeights();
  expect(weights.map((w) => w.name).slice(0, 6)).toEqual(['iter', 'noise/seed', 'noise/skipped', 'noise/slot-index', 'noise/class', 'noise/stream-version']);
  expect((await weights[5]!.tensor.data())[0]).toBe(2);
  return weights.filter((w) => w.name !== 'noise/stream-version');
}

describe('noise stream versions in saved state', () => {
  const n = 1001;

  it('a state without noise/stream-version (0.1.0) resumes on the polar stream: noise = σ · polar draw, bit for bit', async () => {
    const source = new NoisyGradientSGD({ learningRate: 1, noise: 0.25, seed: 42 });
    await injectedAfterRestore(source, n); // one step, so the restored optimizer is at step 1
    const target = new NoisyGradientSGD({ learningRate: 1, noise: 0.25, seed: 7 });
    await target.setWeights(await legacyState(source));
    const noise = await injectedAfterRestore(target, n);
    // What 0.1.0 computed at step 1 for variable 0: 0 − 1·(0 + polar · σ).
    const expected = tf.tidy(() => tf.neg(tf.sub(tf.zeros([n]), tf.mul(tf.add(tf.zeros([n]), tf.mul(tf.tensor(normalArray(n, new NoiseStream(42).seedFor(1, 0))), 0.25)), 1))).dataSync());
    expect(bits(noise)).toEqual(bits(expected as Float32Array));
    // And it stays on version 1 through the next save.
    const again = await target.getWeights();
    expect((await again[5]!.tensor.data())[0]).toBe(1);
    for (const o of [source, target]) o.dispose();
  });

  it('a 0.1.0 AlphaStableNoiseSGD state resumes on the tf-op alpha-stable stream', async () => {
    const make = (seed: number) => new AlphaStableNoiseSGD({ learningRate: 1, alpha: 1.3, noise: 0.1, noiseClip: null, seed });
    const source = make(9);
    const target = make(1);
    await target.setWeights(await legacyState(source));
    const noise = await injectedAfterRestore(target, n);
    const draw = tf.tidy(() => tf.mul(new AlphaStableSampler(1.3).sample([n], new NoiseStream(9).seedFor(0, 0), 0, 1), 0.1).dataSync());
    expect(bits(noise)).toEqual(bits(draw as Float32Array));
    for (const o of [source, target]) o.dispose();
  });

  it('new states are version 2 and resume bit for bit through getWeights/setWeights', async () => {
    // One variable for both, so it is variable 0 of each optimizer (noise is keyed by order of appearance).
    const w = tf.variable(tf.zeros([n]));
    const stepOn = (opt: tf.Optimizer) => {
      w.assign(tf.zeros([n]));
      opt.minimize(() => tf.mul(tf.sum(w), 0) as tf.Scalar, false, [w]);
      return w.dataSync().slice() as Float32Array;
    };
    const a = new NoisyGradientSGD({ learningRate: 1, noise: 0.25, seed: 11 });
    stepOn(a);
    const b = new NoisyGradientSGD({ learningRate: 1, noise: 0.25, seed: 12 });
    await b.setWeights(await a.getWeights());
    expect(bits(stepOn(b))).toEqual(bits(stepOn(a)));
    w.dispose();
    for (const o of [a, b]) o.dispose();
  });

  it('an unknown stream version fails with a clear error and leaves the optimizer as it was', async () => {
    const a = new NoisyGradientSGD({ learningRate: 1, noise: 0.25, seed: 13 });
    const weights = await a.getWeights();
    weights[5] = { name: 'noise/stream-version', tensor: tf.scalar(99, 'int32') };
    const b = new NoisyGradientSGD({ learningRate: 1, noise: 0.25, seed: 14 });
    const reference = new NoisyGradientSGD({ learningRate: 1, noise: 0.25, seed: 14 });
    await expect(b.setWeights(weights)).rejects.toThrow(/"noise\/stream-version" must be an int32 scalar holding a noise stream version this library knows \(1 or 2\); got 99/);
    expect(b.seed).toBe(14);
    expect(bits(await injectedAfterRestore(b, n))).toEqual(bits(await injectedAfterRestore(reference, n)));
    for (const o of [a, b, reference]) o.dispose();
  });
});
