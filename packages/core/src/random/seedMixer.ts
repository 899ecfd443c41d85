/**
 * Integer mixing for per-draw seeds.
 *
 * tfjs random ops are stateless: the same seed gives the same numbers on
 * every call. A noisy optimizer therefore needs a fresh, well-spread seed for
 * every (base seed, step, variable, purpose). Adding small integers to a base
 * seed would make neighbouring streams overlap in alea's state; a full
 * avalanche mixer (the murmur3 / "lowbias32" finalizer) makes every input bit
 * affect every output bit.
 */

const GOLDEN = 0x9e3779b9;
const TWO_POW_32 = 4294967296;

/** 32-bit avalanche finalizer (Chris Wellons' lowbias32 constants). */
export function mix32(x: number): number {
  x >>>= 0;
  x ^= x >>> 16;
  x = Math.imul(x, 0x7feb352d);
  x ^= x >>> 15;
  x = Math.imul(x, 0x846ca68b);
  x ^= x >>> 16;
  return x >>> 0;
}

/**
 * Hashes a sequence of non-negative safe integers into a seed in
 * [1, 2^32 - 1]. Never 0: tfjs treats seed 0 as "unseeded".
 */
export function deriveSeed(...parts: number[]): number {
  let h = GOLDEN;
  for (const part of parts) {
    const lo = part >>> 0;
    const hi = Math.floor(part / TWO_POW_32) >>> 0;
    h = mix32(h ^ mix32(lo + GOLDEN));
    h = mix32(h ^ mix32(hi + 0x85ebca6b));
  }
  return h === 0 ? GOLDEN : h;
}

/**
 * Reduces any safe integer to a uint32 base seed. Integers in
 * [-2^31, 2^32) map by two's complement (so a seed stored as int32 comes back
 * unchanged); larger magnitudes are mixed down.
 */
export function normalizeSeed(seed: number): number {
  if (seed >= -0x80000000 && seed < TWO_POW_32) return seed >>> 0;
  const lo = seed >>> 0;
  const hi = Math.floor(seed / TWO_POW_32) >>> 0;
  return mix32(lo ^ mix32(hi));
}

/** A base seed from Math.random, for users who give none. It is kept in state, so resuming still works. */
export function randomSeed(): number {
  return Math.floor(Math.random() * TWO_POW_32) >>> 0;
}
