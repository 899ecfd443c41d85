import * as tf from '@tensorflow/tfjs-core';
import {
  AlphaStableSampler,
  GaussianSampler,
  hostAlphaStable,
  hostNoiseImplementation,
  hostNormals,
  hostNormalsAxpy,
  hostSigns,
  hostUniforms,
  normalArray,
  setHostNoiseImplementation,
} from '@tfjs-noise/core';
import { median } from './stats';

function collectGarbage(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

export type DrawRow = {
  backend: string;
  generator: string;
  /** What the timed call returns: a host Float32Array or a tensor on the backend. */
  output: 'array' | 'tensor';
  /** Which implementation the host draws used: 'wasm-simd' or 'js'. */
  host: string;
  nsPerElement: number;
  /** The same from process CPU time. */
  cpuNsPerElement: number;
  /** tf.randomNormal's CPU ns/element over this generator's, measured in the same rounds. */
  speedupVsRandomNormal: number;
};

type Generator = { name: string; output: 'array' | 'tensor'; run: (n: number, seed: number) => void; js?: boolean };

function generators(): Generator[] {
  const gaussian = new GaussianSampler();
  const alpha = new AlphaStableSampler(1.5);
  const g = new Float32Array(0);
  let grad = g;
  const tensor = (make: () => tf.Tensor) => tf.dispose(make());
  return [
    { name: 'tf.randomNormal', output: 'tensor', run: (n, s) => tensor(() => tf.randomNormal([n], 0, 1, 'float32', s)) },
    { name: 'tf.randomUniform', output: 'tensor', run: (n, s) => tensor(() => tf.randomUniform([n], 0, 1, 'float32', s)) },
    { name: 'uniforms (mix32, host module)', output: 'array', run: (n, s) => hostUniforms(n, s) },
    { name: 'signs (mix32, host module)', output: 'array', run: (n, s) => hostSigns(n, s) },
    { name: 'normals v2 Box–Muller (host module)', output: 'array', run: (n, s) => hostNormals(n, s) },
    { name: 'normals v2 Box–Muller (JS twin, the no-SIMD fallback)', output: 'array', run: (n, s) => hostNormals(n, s), js: true },
    { name: 'normals v1 polar (JS, 0.1.0)', output: 'array', run: (n, s) => normalArray(n, s) },
    { name: 'GaussianSampler v2 (draw + upload)', output: 'tensor', run: (n, s) => tensor(() => gaussian.sample([n], s, 0, 2)) },
    { name: 'GaussianSampler v1 (draw + upload)', output: 'tensor', run: (n, s) => tensor(() => gaussian.sample([n], s, 0, 1)) },
    {
      name: 'fused g + σ·ε v2 (host module, per element of g)',
      output: 'array',
      run: (n, s) => {
        if (grad.length !== n) grad = new Float32Array(n);
        hostNormalsAxpy(grad, s, 0.01, Infinity);
      },
    },
    { name: 'α-stable 1.5 v2 CMS (host module)', output: 'array', run: (n, s) => hostAlphaStable(n, s, s + 1, 1.5) },
    { name: 'α-stable 1.5 v2 CMS (JS twin)', output: 'array', run: (n, s) => hostAlphaStable(n, s, s + 1, 1.5), js: true },
    { name: 'AlphaStableSampler v1 (tf ops, 0.1.0)', output: 'tensor', run: (n, s) => tensor(() => alpha.sample([n], s, 0, 1)) },
  ];
}

/**
 * ns per element of every noise generator for `n` elements (the MLP's
 * weight count), round-robin with tf.randomNormal on the active backend so
 * every ratio comes from the same rounds. Timed on the synchronous backends
 * (cpu, wasm), where a tensor is complete when the call returns.
 */
export function drawSpeed(backend: string, n: number, rounds: number, reps: number): DrawRow[] {
  const gens = generators();
  // Draws are short: a few more repetitions than the steps keep timer noise down.
  reps = Math.max(reps, 5);
  const times = gens.map(() => [] as number[]);
  const cpu = gens.map(() => [] as number[]);
  for (let round = 0; round < rounds; round++) {
    gens.forEach((gen, i) => {
      if (gen.js) setHostNoiseImplementation('js');
      gen.run(n, 1); // warm
      collectGarbage();
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      for (let r = 0; r < reps; r++) gen.run(n, 2 + round * reps + r);
      times[i]!.push(((performance.now() - t0) / reps / n) * 1e6);
      const c = process.cpuUsage(c0);
      cpu[i]!.push(((c.user + c.system) / 1000 / reps / n) * 1e6);
      setHostNoiseImplementation('auto');
    });
  }
  const base = median(cpu[0]!);
  return gens.map((gen, i) => {
    const cpuNs = median(cpu[i]!);
    return { backend, generator: gen.name, output: gen.output, host: gen.js ? 'js' : hostNoiseImplementation(), nsPerElement: median(times[i]!), cpuNsPerElement: cpuNs, speedupVsRandomNormal: base / cpuNs };
  });
}
