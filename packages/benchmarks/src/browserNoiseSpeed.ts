import * as tf from '@tensorflow/tfjs-core';
import { fusedNoiseKernelFor, gaussianSampler } from '@tfjs-noise/core';
import { median } from './stats';

/**
 * The gradient-noise addition alone, `g + σ·ε` for every variable of one step,
 * timed round-robin in blocks of `reps` with one asynchronous read at the end
 * of each block: the backend's fused kernel (on webgl/webgpu the device
 * kernel: the draw runs in a shader, nothing is uploaded) against the upload
 * path (host draw of the same stream, upload, mul, add). Whole-step ratios on
 * a loaded 2-core machine cannot resolve a difference this small; this can.
 * Returns the median ms per step's worth of noise for each, or null where the
 * backend has no fused kernel.
 */
export async function noiseAddSpeed(vars: tf.Variable[], rounds: number, reps = 5): Promise<{ device: number; upload: number } | null> {
  const kernel = fusedNoiseKernelFor(tf.getBackend());
  if (!kernel) return null;
  const sampler = gaussianSampler();
  let step = 0;
  const device = () =>
    vars.map((v, i) => {
      const out = kernel({ gradient: v, sampler, seed: 1 + step * 131 + i, step, streamVersion: 2, scale: 0.01, noiseClip: null });
      if (!out) throw new Error(`noiseAddSpeed: the ${tf.getBackend()} kernel declined Gaussian noise`);
      return out;
    });
  const upload = () => vars.map((v, i) => tf.tidy(() => tf.add(v, tf.mul(sampler.sample(v.shape, 1 + step * 131 + i, step, 2), 0.01))));
  const block = async (f: () => tf.Tensor[]) => {
    const t0 = performance.now();
    let last: tf.Tensor[] = [];
    for (let r = 0; r < reps; r++) {
      tf.dispose(last);
      last = f();
      step++;
    }
    await Promise.all(last.map((t) => t.data()));
    tf.dispose(last);
    return (performance.now() - t0) / reps;
  };
  await block(device);
  await block(upload);
  const times = { device: [] as number[], upload: [] as number[] };
  for (let r = 0; r < rounds; r++) {
    times.device.push(await block(device));
    times.upload.push(await block(upload));
  }
  return { device: median(times.device), upload: median(times.upload) };
}
