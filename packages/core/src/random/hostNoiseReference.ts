import { mix32 } from './seedMixer';

/**
 * The scalar JavaScript twin of `wasm/noise.c`: the same float32 operations
 * in the same order, each rounded with Math.fround, so it gives bit for bit
 * what the WebAssembly module gives (tests assert it). It is the fallback
 * where WebAssembly SIMD is missing, and the reference the module is tested
 * against. A double-precision product, sum, quotient or square root of
 * float32 values rounded once to float32 is the correctly rounded float32
 * result, which is why Math.fround per operation reproduces float32 hardware.
 */

const f = Math.fround;
const GOLDEN = 0x9e3779b9;
const TWO_POW_M24 = 5.9604644775390625e-8;

const scratch = new ArrayBuffer(4);
const asFloat = new Float32Array(scratch);
const asInt = new Int32Array(scratch);
function floatBits(x: number): number {
  asFloat[0] = x;
  return asInt[0]!;
}
function bitsFloat(b: number): number {
  asInt[0] = b;
  return asFloat[0]!;
}

// float32 constants, rounded exactly as the C compiler rounds the literals.
const SQRTHF = f(0.707106781186547524);
const LOG_P = [7.0376836292e-2, -1.1514610310e-1, 1.1676998740e-1, -1.2420140846e-1, 1.4249322787e-1, -1.6668057665e-1, 2.0000714765e-1, -2.4999993993e-1, 3.3333331174e-1].map(f);
const LOG_Q1 = f(-2.1219444e-4);
const LOG_Q2 = f(0.693359375);
const EXP_P = [1.98756915e-4, 1.3981999507e-3, 8.3334519073e-3, 4.1665795894e-2, 1.6666665459e-1, 5.0000001201e-1].map(f);
const LOG2EF = f(1.44269504088896341);
const SIN_P = [-1.9515295891e-4, 8.3321608736e-3, -1.6666654611e-1].map(f);
const COS_P = [2.443315711809948e-5, -1.388731625493765e-3, 4.166664568298827e-2].map(f);
const TWO_OVER_PI = f(0.636619772367581343);
const DP1 = f(1.5703125);
const DP2 = f(4.837512969970703125e-4);
const DP3 = f(7.54978995489188216e-8);
const ANGLE_STEP = f(Math.PI / 8388608);
/** Largest float32 below π/2; same value as HALF_PI_BELOW of the α-stable sampler. */
const HALF_PI_BELOW = bitsFloat(0x3fc90fda);
const TWO_HALF_PI_BELOW = f(2 * HALF_PI_BELOW);
const TINY = f(1e-30);
const LOG_MAX = 88;

/** Natural log of a normal positive float32 (Cephes logf), as `vlog` in noise.c. */
export function log32(x: number): number {
  const bits = floatBits(x);
  let e = (bits >> 23) - 126;
  const m = bitsFloat((bits & 0x807fffff) | 0x3f000000);
  let t: number;
  if (m < SQRTHF) {
    e -= 1;
    t = f(f(m + m) - 1);
  } else t = f(m - 1);
  const z = f(t * t);
  let y = LOG_P[0]!;
  for (let i = 1; i < 9; i++) y = f(f(y * t) + LOG_P[i]!);
  y = f(f(y * t) * z);
  y = f(y + f(e * LOG_Q1));
  y = f(y - f(z * 0.5));
  t = f(t + y);
  return f(t + f(e * LOG_Q2));
}

/** e^x for float32 x <= 88 (Cephes expf); 0 below -87. As `vexp` in noise.c. */
export function exp32(x0: number): number {
  if (x0 < -87) return 0;
  let x = x0;
  const q = Math.floor(f(f(x * LOG2EF) + 0.5));
  x = f(x - f(q * LOG_Q2));
  x = f(x - f(q * LOG_Q1));
  const z = f(x * x);
  let y = EXP_P[0]!;
  for (let i = 1; i < 6; i++) y = f(f(y * x) + EXP_P[i]!);
  y = f(f(f(y * z) + x) + 1);
  return f(y * bitsFloat((q + 127) << 23));
}

/** [sin, cos] of r + k·π/2 from the polynomials on [-π/4, π/4]. */
function sinCosQuadrant(r: number, k: number, out: [number, number]): void {
  const z = f(r * r);
  const ps = f(f(f(f(SIN_P[0]! * z) + SIN_P[1]!) * z) + SIN_P[2]!);
  const s = f(f(f(ps * z) * r) + r);
  const pc = f(f(f(f(COS_P[0]! * z) + COS_P[1]!) * z) + COS_P[2]!);
  const c = f(f(f(f(pc * z) * z) - f(z * 0.5)) + 1);
  const sq = k & 1 ? c : s;
  const cq = k & 1 ? s : c;
  out[0] = k & 2 ? -sq : sq;
  out[1] = (k ^ (k >> 1)) & 1 ? -cq : cq;
}

/** [sin x, cos x] for moderate float32 x, as `vsincos` in noise.c. */
export function sinCos32(x: number, out: [number, number]): void {
  const q = Math.floor(f(f(x * TWO_OVER_PI) + 0.5));
  let r = f(x - f(q * DP1));
  r = f(r - f(q * DP2));
  r = f(r - f(q * DP3));
  sinCosQuadrant(r, q & 3, out);
}

/** The counter stream: draw k of `seed` is mix32(mix32(seed) + (k + 1)·golden). */
function draw(s0: number, k: number): number {
  return mix32((s0 + Math.imul(k + 1, GOLDEN)) >>> 0);
}

export function referenceUniforms(out: Float32Array, seed: number): void {
  const s0 = mix32(seed);
  for (let k = 0; k < out.length; k++) out[k] = (draw(s0, k) >>> 8) * TWO_POW_M24;
}

export function referenceSigns(out: Float32Array, seed: number): void {
  const s0 = mix32(seed);
  let bits = 0;
  for (let i = 0; i < out.length; i++) {
    if ((i & 31) === 0) bits = draw(s0, i >>> 5);
    out[i] = (bits >>> (i & 31)) & 1 ? 1 : -1;
  }
}

/** Box–Muller normals (stream version 2): pair j uses draws 2j (radius) and 2j + 1 (angle). */
export function referenceNormals(out: Float32Array, seed: number): void {
  const s0 = mix32(seed);
  const sc: [number, number] = [0, 0];
  const n = out.length;
  for (let j = 0; 2 * j < n; j++) {
    const u1 = f(((draw(s0, 2 * j) >>> 8) + 1) * TWO_POW_M24);
    const r = f(Math.sqrt(f(log32(u1) * -2)));
    const m = draw(s0, 2 * j + 1) >>> 8;
    const q = (m + (1 << 21)) >> 22;
    const t = f((m - (q << 22)) * ANGLE_STEP);
    sinCosQuadrant(t, q & 3, sc);
    out[2 * j] = f(r * sc[1]);
    if (2 * j + 1 < n) out[2 * j + 1] = f(r * sc[0]);
  }
}

/** `out = g + sigma · clip(eps, ±clip)`; returns whether every output is finite. */
export function referenceAxpy(out: Float32Array, g: Float32Array, eps: Float32Array, sigma: number, clip: number): boolean {
  const s = f(sigma);
  const c = f(clip);
  let finite = true;
  for (let i = 0; i < out.length; i++) {
    let e = eps[i]!;
    e = e < -c ? -c : e;
    e = c < e ? c : e;
    const o = f(g[i]! + f(s * e));
    out[i] = o;
    if (o - o !== 0) finite = false;
  }
  return finite;
}

/** Float parameters of a CMS draw, rounded to float32 once, shared by the module and this reference. */
export type AlphaStableParams = { alpha: number; invAlpha: number; oneMinus: number; ratio: number };
export function alphaStableParams(alpha: number): AlphaStableParams {
  const a = f(alpha);
  return { alpha: a, invAlpha: f(1 / a), oneMinus: f(1 - a), ratio: f((1 - a) / a) };
}

/** Symmetric α-stable by Chambers–Mallows–Stuck, as `cms4` in noise.c. */
export function referenceAlphaStable(out: Float32Array, seedV: number, seedW: number, p: AlphaStableParams): void {
  const sv = mix32(seedV);
  const sw = mix32(seedW);
  const a: [number, number] = [0, 0];
  const b: [number, number] = [0, 0];
  const c: [number, number] = [0, 0];
  for (let k = 0; k < out.length; k++) {
    const v = f(f((draw(sv, k) >>> 8) * TWO_POW_M24 * TWO_HALF_PI_BELOW) - HALF_PI_BELOW);
    if (p.alpha === 1) {
      sinCos32(v, b);
      out[k] = f(b[0] / b[1]);
      continue;
    }
    const u = (draw(sw, k) >>> 8) * TWO_POW_M24;
    const w = Math.max(-log32(f(1 - u)), TINY);
    sinCos32(f(v * p.alpha), a);
    sinCos32(v, b);
    sinCos32(f(v * p.oneMinus), c);
    const sa = a[0];
    const mag = f(
      f(log32(Math.max(Math.abs(sa), TINY)) - f(log32(Math.max(b[1], TINY)) * p.invAlpha)) +
        f(f(log32(Math.max(c[1], TINY)) - log32(w)) * p.ratio),
    );
    const x = exp32(Math.min(mag, LOG_MAX));
    out[k] = sa === 0 ? 0 : sa < 0 ? -x : x;
  }
}
