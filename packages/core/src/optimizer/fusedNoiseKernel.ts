import * as tf from '@tensorflow/tfjs-core';
import { hostAxpy, hostNormalsAxpy, hostSigns, hostUniforms, type FusedNoiseResult } from '../random/hostNoise';
import type { NoiseStreamVersion } from '../random/streamVersion';
import { webglFusedNoise } from '../gpu/webglFusedNoise';
import { webgpuFusedNoise } from '../gpu/webgpuFusedNoise';
import { AlphaStableSampler } from '../samplers/alphaStableSampler';
import { GaussianSampler } from '../samplers/gaussianSampler';
import { RademacherSampler } from '../samplers/rademacherSampler';
import type { Sampler } from '../samplers/sampler';
import { UniformSampler } from '../samplers/uniformSampler';

/** One variable's noise addition, `gradient + scale · clip(ε, ±noiseClip)`, ε = sampler's draw for `seed`. */
export type FusedNoiseRequest = {
  gradient: tf.Tensor;
  sampler: Sampler;
  seed: number;
  step: number;
  streamVersion: NoiseStreamVersion;
  scale: number;
  /** Bound on each unit draw, or null for none. */
  noiseClip: number | null;
};

/**
 * A backend-specific implementation of {@link FusedNoiseRequest}: returns a
 * new tensor equal to what the tf-op path computes (draw, clip, multiply,
 * add), or null to leave this request to the tf-op path (a sampler or stream
 * version it does not handle). Called inside the optimizer's `tidy`.
 */
export type FusedNoiseKernel = (request: FusedNoiseRequest) => tf.Tensor | null;

/**
 * The noise draw of a built-in sampler as a host array, or null. Equal bit
 * for bit to what the sampler's `sample` uploads (the uniform sampler's
 * `2u - 1` is rounded as tf rounds it in float32).
 */
function hostDraw(r: FusedNoiseRequest, n: number): Float32Array | null {
  if (r.sampler instanceof RademacherSampler) return hostSigns(n, r.seed);
  if (r.sampler instanceof UniformSampler) return hostUniforms(n, r.seed).map((u) => Math.fround(u * 2) - 1);
  if (r.sampler instanceof AlphaStableSampler && r.streamVersion !== 1) return r.sampler.draw(n, r.seed, r.step);
  return null;
}

/**
 * The fused kernel of the synchronous CPU-memory backends (cpu, wasm): reads
 * the gradient (a memory copy there, not a device transfer), draws and adds
 * in one pass of the WebAssembly SIMD noise module, and returns a new tensor.
 * Never register it for webgl/webgpu: there `dataSync` stalls on a GPU read.
 */
export function hostFusedNoise(r: FusedNoiseRequest): tf.Tensor | null {
  if (r.gradient.dtype !== 'float32') return null;
  const result = hostFusedNoiseValues(r, () => r.gradient.dataSync() as Float32Array);
  return result && tf.tensor(result.values, r.gradient.shape, 'float32');
}

/** The host computation behind {@link hostFusedNoise}, plus whether every output is finite. */
export function hostFusedNoiseValues(r: FusedNoiseRequest, read: () => Float32Array): FusedNoiseResult | null {
  const clip = r.noiseClip ?? Infinity;
  if (r.sampler instanceof GaussianSampler) return r.streamVersion === 1 ? null : hostNormalsAxpy(read(), r.seed, r.scale, clip);
  const eps = hostDraw(r, r.gradient.size);
  return eps && hostAxpy(read(), eps, r.scale, clip);
}

/**
 * The host kernel on the `tensorflow` backend (tfjs-node), only where its
 * tensors live in host memory: tfjs-node-gpu registers under the same name
 * and reports `isUsingGpuDevice`, and there the tf-op path is kept, so no
 * gradient is read back from a GPU. bench:speed measured the host kernel
 * faster than tf ops on tfjs-node (CPU) for the MLP step.
 */
export function tensorflowFusedNoise(r: FusedNoiseRequest): tf.Tensor | null {
  const backend = tf.backend() as { isUsingGpuDevice?: unknown };
  return backend.isUsingGpuDevice === false ? hostFusedNoise(r) : null;
}

const kernels = new Map<string, FusedNoiseKernel>([
  ['cpu', hostFusedNoise],
  ['wasm', hostFusedNoise],
  ['tensorflow', tensorflowFusedNoise],
  ['webgl', webglFusedNoise],
  ['webgpu', webgpuFusedNoise],
]);

/**
 * Installs (or, with null, removes) the fused noise kernel used by
 * {@link AdditiveGradientNoise} when `backendName` is the active backend.
 * Built in: `cpu` and `wasm` use {@link hostFusedNoise}, `tensorflow` uses
 * {@link tensorflowFusedNoise} (the host kernel on CPU TensorFlow only);
 * `webgl` and `webgpu` draw Gaussian, Rademacher and uniform noise in a shader
 * ({@link webglFusedNoise}, {@link webgpuFusedNoise}; α-stable and user
 * samplers keep the upload path). Register null to force the upload path
 * (tf ops on a host draw). Returns the kernel it replaced.
 */
export function registerFusedNoiseKernel(backendName: string, kernel: FusedNoiseKernel | null): FusedNoiseKernel | null {
  const previous = kernels.get(backendName) ?? null;
  if (kernel) kernels.set(backendName, kernel);
  else kernels.delete(backendName);
  return previous;
}

/** The fused noise kernel for a backend, if one is registered. */
export function fusedNoiseKernelFor(backendName: string): FusedNoiseKernel | null {
  return kernels.get(backendName) ?? null;
}
