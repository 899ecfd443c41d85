import { InvalidOptionError } from '../validation';

/**
 * Version of the noise stream: which numbers a (seed, step, variable) gives.
 *
 * - 1 (released 0.1.0): Gaussian noise by Marsaglia's polar method on the
 *   mix32 counter stream; α-stable noise by tf ops on the backend.
 * - 2 (current): Gaussian noise by Box–Muller with float32 polynomial
 *   log/sin/cos, α-stable by Chambers–Mallows–Stuck on the host, both from the
 *   WebAssembly SIMD module or its bit-identical JavaScript twin, so the same
 *   on every backend and machine.
 *
 * Uniform and Rademacher noise are the same in both. Saved optimizer state
 * records the version, and a restored optimizer continues on the stream it
 * was saved with.
 */
export type NoiseStreamVersion = 1 | 2;
export const NOISE_STREAM_VERSIONS: readonly NoiseStreamVersion[] = [1, 2];
export const CURRENT_NOISE_STREAM_VERSION: NoiseStreamVersion = 2;

export function checkStreamVersion(owner: string, parameter: string, value: unknown): NoiseStreamVersion {
  if (!NOISE_STREAM_VERSIONS.includes(value as NoiseStreamVersion)) {
    throw new InvalidOptionError(
      owner,
      parameter,
      value,
      `a noise stream version this library knows (${NOISE_STREAM_VERSIONS.join(' or ')}); a newer version of @tfjs-noise/core may have saved it`,
    );
  }
  return value as NoiseStreamVersion;
}
