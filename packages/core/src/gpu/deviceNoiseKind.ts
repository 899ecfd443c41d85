import { FLOAT32_MAX } from '../validation/checks';
import { GaussianSampler } from '../samplers/gaussianSampler';
import { RademacherSampler } from '../samplers/rademacherSampler';
import { UniformSampler } from '../samplers/uniformSampler';
import type { FusedNoiseRequest } from '../optimizer/fusedNoiseKernel';

/** The samplers a GPU noise shader draws on the device; one shader per kind. */
export type DeviceNoiseKind = 'gaussian' | 'rademacher' | 'uniform';


/**
 * The shader kind for a request, or null where the device kernels leave it to
 * the upload path: user samplers, α-stable (drawn on the host), Gaussian on
 * stream version 1 (the polar method rejects pairs, so draw k has no fixed
 * position), and non-float32 gradients. Uniform and Rademacher draws are the
 * same in every stream version.
 */
export function deviceNoiseKind(r: Pick<FusedNoiseRequest, 'gradient' | 'sampler' | 'streamVersion'>): DeviceNoiseKind | null {
  if (r.gradient.dtype !== 'float32') return null;
  if (r.sampler instanceof GaussianSampler) return r.streamVersion === 1 ? null : 'gaussian';
  if (r.sampler instanceof RademacherSampler) return 'rademacher';
  if (r.sampler instanceof UniformSampler) return 'uniform';
  return null;
}

/**
 * The per-step values the shaders read as uniforms: seed as a uint32, scale
 * and clip as float32. "No clip" travels as the largest finite float32: the
 * unit draws are always finite, so clamping to it is the identity, and no
 * infinity has to pass through a uniform.
 */
export function deviceNoiseUniforms(r: Pick<FusedNoiseRequest, 'seed' | 'scale' | 'noiseClip'>): { seed: number; scale: number; clip: number } {
  return { seed: r.seed >>> 0, scale: r.scale, clip: r.noiseClip ?? FLOAT32_MAX };
}
