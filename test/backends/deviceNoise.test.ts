// Noise made on the GPU (webgl and webgpu fused kernels, packages/core/src/gpu/):
// the shader runs the host's counter hash, so uniforms and signs are the host
// stream bit for bit; normals use the module's polynomials but GPU float steps
// may be fused or rounded differently, so they are checked statistically and
// against the host within a measured tolerance. And the point of it: no noise
// bytes uploaded per step. Runs on the webgl, webgl-f16, webgpu and webgpu-node
// lanes; the bit-exact checks skip webgl-f16 (its textures hold half floats).
import * as tf from '@tensorflow/tfjs-core';
import {
  fusedNoiseKernelFor,
  gaussianSampler,
  hostAxpy,
  hostNormals,
  hostNormalsAxpy,
  hostSigns,
  hostUniforms,
  rademacherSampler,
  registerFusedNoiseKernel,
  uniformSampler,
  webglFusedNoise,
  webgpuFusedNoise,
  type FusedNoiseKernel,
  type Sampler,
} from '@tfjs-noise/core';
import { NoisyGradientSGD } from '@tfjs-noise/optimizers';
import { afterEach, describe, expect, it } from 'vitest';
import { isHalfFloatWebgl } from '../backendTolerance';
import { countUploadedBytes } from '../uploadCounter';

const backendName = tf.getBackend();
const deviceKernel: FusedNoiseKernel | null = backendName === 'webgl' ? webglFusedNoise : backendName === 'webgpu' ? webgpuFusedNoise : null;
const onDevice = deviceKernel !== null;
const exact = onDevice && !isHalfFloatWebgl();

const SEEDS = [1, 2, 0x7fffffff, 0x80000000, 0xdeadbeef, 0xffffffff];
// Lengths around the 32-sign word and the Box–Muller pair, and one past a 2^16 texture row.
const LENGTHS = [1, 2, 31, 33, 1000, 65537];

/** The device kernel's `g + scale·clip(ε)` for a host gradient, read back. */
async function deviceFused(sampler: Sampler, g: Float32Array, seed: number, scale: number, noiseClip: number | null, streamVersion: 1 | 2 = 2) {
  const gradient = tf.tensor1d(g);
  const out = deviceKernel!({ gradient, sampler, seed, step: 0, streamVersion, scale, noiseClip });
  if (out === null) {
    gradient.dispose();
    return null;
  }
  const values = (await out.data()) as Float32Array;
  tf.dispose([gradient, out]);
  return values;
}
/** The unit draw itself: 0 + 1·ε is ε exactly, fused multiply-add or not. */
const deviceDraw = (sampler: Sampler, n: number, seed: number) => deviceFused(sampler, new Float32Array(n), seed, 1, null);

function firstBitDifference(a: Float32Array, b: Float32Array): string | null {
  if (a.length !== b.length) return `length ${a.length} vs ${b.length}`;
  const ua = new Uint32Array(a.buffer, a.byteOffset, a.length);
  const ub = new Uint32Array(b.buffer, b.byteOffset, b.length);
  for (let i = 0; i < ua.length; i++) if (ua[i] !== ub[i]) return `element ${i}: ${a[i]} vs ${b[i]}`;
  return null;
}

describe.runIf(exact)(`${backendName}: device noise equals the host stream bit for bit`, () => {
  it('uniforms (2u − 1) for 6 seeds × 6 lengths', async () => {
    for (const seed of SEEDS) {
      for (const n of LENGTHS) {
        const host = hostUniforms(n, seed).map((u) => Math.fround(u * 2) - 1);
        expect(firstBitDifference((await deviceDraw(uniformSampler(), n, seed))!, host), `seed ${seed}, n ${n}`).toBeNull();
      }
    }
  });

  it('signs for 6 seeds × 6 lengths', async () => {
    for (const seed of SEEDS) {
      for (const n of LENGTHS) {
        expect(firstBitDifference((await deviceDraw(rademacherSampler(), n, seed))!, hostSigns(n, seed)), `seed ${seed}, n ${n}`).toBeNull();
      }
    }
  });

  it('fused g + σ·clip(sign) equals the host axpy bit for bit (σ·±1 is exact, so one rounding either way)', async () => {
    const n = 4099;
    const g = hostNormals(n, 99).map((x) => x * 0.01);
    for (const [scale, clip] of [[0.37, null], [3e-3, 0.5]] as const) {
      const host = hostAxpy(g, hostSigns(n, 1234), scale, clip ?? Infinity).values;
      expect(firstBitDifference((await deviceFused(rademacherSampler(), g, 1234, scale, clip))!, host)).toBeNull();
    }
  });
});

describe.runIf(exact)(`${backendName}: device normals`, () => {
  // 2^18 draws from one fixed seed (so the checks cannot flake); each bound below is 6 standard
  // errors, a false-failure rate under 2e-9 per check for a random seed.
  const N = 1 << 18;
  const SEED = 20261130;
  const normals = () => deviceDraw(gaussianSampler(), N, SEED) as Promise<Float32Array>;

  it('mean, variance and 7 quantiles of N(0, 1)', async () => {
    const x = await normals();
    let sum = 0;
    let sq = 0;
    for (const v of x) (sum += v), (sq += v * v);
    const mean = sum / N;
    expect(Math.abs(mean)).toBeLessThan(6 / Math.sqrt(N));
    expect(Math.abs(sq / N - mean * mean - 1)).toBeLessThan(6 * Math.sqrt(2 / N));
    const quantiles: [number, number][] = [
      [0.001, -3.090232306],
      [0.01, -2.326347874],
      [0.1, -1.281551566],
      [0.5, 0],
      [0.9, 1.281551566],
      [0.99, 2.326347874],
      [0.999, 3.090232306],
    ];
    for (const [p, z] of quantiles) {
      let below = 0;
      for (const v of x) if (v < z) below++;
      expect(Math.abs(below / N - p), `P(X < ${z})`).toBeLessThan(6 * Math.sqrt((p * (1 - p)) / N));
    }
  });

  it('within 4e-6 of the host stream, element by element (measured difference logged)', async () => {
    const x = await normals();
    const host = hostNormals(N, SEED);
    let maxAbs = 0;
    let equal = 0;
    for (let i = 0; i < N; i++) {
      const d = Math.abs(x[i]! - host[i]!);
      if (d > maxAbs) maxAbs = d;
      if (d === 0) equal++;
    }
    console.log(`${backendName} device normals vs host: max |Δ| ${maxAbs.toExponential(3)}, ${((100 * equal) / N).toFixed(2)}% bit-identical (n = ${N})`);
    expect(maxAbs).toBeLessThan(4e-6);
  });

  it('fused g + σ·clip(ε) within 4e-6·σ of the host module, clip applied', async () => {
    const n = 40_001;
    const g = hostNormals(n, 7);
    for (const [scale, clip] of [[0.5, null], [2, 1.25]] as const) {
      const device = (await deviceFused(gaussianSampler(), g, 4242, scale, clip))!;
      const host = hostNormalsAxpy(g, 4242, scale, clip ?? Infinity).values;
      let maxAbs = 0;
      for (let i = 0; i < n; i++) maxAbs = Math.max(maxAbs, Math.abs(device[i]! - host[i]!));
      expect(maxAbs, `scale ${scale}, clip ${clip}`).toBeLessThan(4e-6 * scale + 1e-6);
      if (clip !== null) for (let i = 0; i < n; i++) expect(Math.abs(device[i]! - g[i]!)).toBeLessThanOrEqual(Math.fround(scale * clip) * (1 + 1e-6));
    }
  });
});

describe.runIf(onDevice)(`${backendName}: the device kernel in NoisyGradientSGD`, () => {
  afterEach(() => {
    registerFusedNoiseKernel(backendName, deviceKernel);
  });

  it('is the registered kernel, and declines what it does not draw (stream version 1 normals, user samplers)', async () => {
    expect(fusedNoiseKernelFor(backendName)).toBe(deviceKernel);
    const g = new Float32Array(8);
    expect(await deviceFused(gaussianSampler(), g, 1, 1, null, 1)).toBeNull();
    const user: Sampler = { kind: 'gaussian', sample: (shape: number[]) => tf.zeros(shape), getConfig: () => ({ kind: 'gaussian' }) } as unknown as Sampler;
    expect(await deviceFused(user, g, 1, 1, null)).toBeNull();
  });

  it('compiles no new program for new sizes, seeds, scales or clips (webgpu: one per kind; webgl: one per texture layout)', async () => {
    const backend = tf.backend() as unknown as { binaryCache?: Record<string, unknown>; pipelineCache?: Record<string, unknown> };
    const cache = backend.binaryCache ?? backend.pipelineCache!;
    // webgl keys programs by their source (which holds unitNormal only for this kernel) and the inputs'
    // texture layout (a few booleans: 1×n vs r×c, scalar or not); webgpu by the shader key, rank and dtype.
    const programs = () => Object.keys(cache).filter((k) => (backend.binaryCache ? k.includes('unitNormal(') : k.startsWith('tfjsNoiseFused_gaussian'))).length;
    const run = async (shapes: number[][], seed: number) => {
      for (const [i, shape] of shapes.entries()) {
        const g = tf.zeros(shape);
        const out = deviceKernel!({ gradient: g, sampler: gaussianSampler(), seed: seed + i, step: i, streamVersion: 2, scale: 0.1 * (i + 1), noiseClip: i % 2 ? 2 : null });
        expect(out!.shape).toEqual(shape);
        await out!.data();
        tf.dispose([g, out!]);
      }
    };
    await run([[1], [7], [100], [1000], [33, 65], [300, 301]], 100);
    const first = programs();
    await run([[1], [9], [200], [3000], [40, 70], [310, 290], [5, 6, 7]], 900);
    console.log(`${backendName}: ${first} Gaussian noise program(s) for 13 shapes`);
    expect(programs()).toBe(first);
    if (backendName === 'webgpu') expect(first).toBe(1);
  });

  /** A 784×64 + 64×10 softmax model step (50,890 weights) with the given optimizer; returns a step function. */
  function problem(seed: number) {
    const vars = [
      tf.variable(tf.randomNormal([784, 64], 0, 0.05, 'float32', seed)),
      tf.variable(tf.zeros([64])),
      tf.variable(tf.randomNormal([64, 10], 0, 0.05, 'float32', seed + 1)),
      tf.variable(tf.zeros([10])),
    ];
    const xs = tf.randomUniform([32, 784], 0, 1, 'float32', 5);
    const ys = tf.oneHot(tf.tensor1d(Array.from({ length: 32 }, (_, i) => i % 10), 'int32'), 10);
    const loss = () =>
      tf.tidy(() => {
        const h = tf.relu(tf.add(tf.matMul(xs, vars[0]!), vars[1]!));
        return tf.losses.softmaxCrossEntropy(ys, tf.add(tf.matMul(h, vars[2]!), vars[3]!)) as tf.Scalar;
      });
    const size = vars.reduce((s, v) => s + v.size, 0);
    return { vars, loss, size, dispose: () => tf.dispose([...vars, xs, ys]) };
  }

  it('uploads 0 noise bytes per step: the same bytes as a noise-free step; the upload path uploads 4 bytes per weight (and σ) more', async () => {
    const p = problem(11);
    const stepBytes = (opt: tf.Optimizer) => {
      opt.minimize(p.loss, false, p.vars); // first step: slots, constants, compilation
      const counted = countUploadedBytes(() => opt.minimize(p.loss, false, p.vars));
      return counted.bytes;
    };
    const make = (noise: number) => new NoisyGradientSGD({ learningRate: 0.01, noise, seed: 3 });
    const [quiet, device] = [make(0), make(0.1)];
    const quietBytes = stepBytes(quiet);
    const deviceBytes = stepBytes(device);
    registerFusedNoiseKernel(backendName, null);
    const upload = make(0.1);
    const uploadBytes = stepBytes(upload);
    console.log(`${backendName} bytes uploaded per step: noise 0 ${quietBytes}, device kernel ${deviceBytes}, upload path ${uploadBytes} (${p.size} weights)`);
    expect(deviceBytes).toBe(quietBytes);
    // The draws (4 bytes per weight), plus at most one float32 scalar per variable for σ.
    expect(uploadBytes - quietBytes).toBeGreaterThanOrEqual(4 * p.size);
    expect(uploadBytes - quietBytes).toBeLessThanOrEqual(4 * p.size + 4 * p.vars.length);
    for (const o of [quiet, device, upload]) o.dispose();
    p.dispose();
  });

  it('gives the upload path within float32 rounding after 5 steps (bit for bit with Rademacher), and leaks no tensor over 15 steps', async () => {
    const run = async (kernel: FusedNoiseKernel | null, sampler: 'gaussian' | 'rademacher' | 'uniform', steps: number) => {
      registerFusedNoiseKernel(backendName, kernel);
      const p = problem(21);
      const opt = new NoisyGradientSGD({ learningRate: 0.05, noise: 0.02, seed: 8, sampler: { gaussian: gaussianSampler, rademacher: rademacherSampler, uniform: uniformSampler }[sampler]() });
      opt.minimize(p.loss, false, p.vars);
      const before = tf.memory().numTensors;
      for (let i = 1; i < steps; i++) opt.minimize(p.loss, false, p.vars);
      const leaked = tf.memory().numTensors - before;
      const values = await Promise.all(p.vars.map(async (v) => (await v.data()) as Float32Array));
      opt.dispose();
      p.dispose();
      return { values, leaked };
    };
    for (const sampler of ['gaussian', 'rademacher', 'uniform'] as const) {
      const device = await run(deviceKernel, sampler, 5);
      const upload = await run(null, sampler, 5);
      let maxAbs = 0;
      device.values.forEach((w, i) => w.forEach((v, j) => (maxAbs = Math.max(maxAbs, Math.abs(v - upload.values[i]![j]!)))));
      console.log(`${backendName} ${sampler}: device vs upload path after 5 steps, max |Δw| ${maxAbs.toExponential(3)}`);
      if (sampler === 'rademacher' && exact) expect(maxAbs).toBe(0);
      // lr·σ·(difference of the draws) ≪ the noise step itself (lr·σ ≈ 1e-3): a wrong stream would differ by ~1e-3.
      expect(maxAbs).toBeLessThan(isHalfFloatWebgl() ? 2e-3 : 1e-6);
    }
    expect((await run(deviceKernel, 'gaussian', 15)).leaked).toBe(0);
  });
});
