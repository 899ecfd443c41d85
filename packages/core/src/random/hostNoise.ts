import {
  alphaStableParams,
  referenceAlphaStable,
  referenceAxpy,
  referenceNormals,
  referenceSigns,
  referenceUniforms,
} from './hostNoiseReference';
import { WasmNoiseKernel } from './wasmNoiseKernel';

/** Which implementation draws host-side noise: the WebAssembly SIMD module or its bit-identical JavaScript twin. */
export type HostNoiseImplementation = 'wasm-simd' | 'js';

let kernel: WasmNoiseKernel | null | undefined;
let forced: HostNoiseImplementation | null = null;

function wasm(): WasmNoiseKernel | null {
  if (forced === 'js') return null;
  // Compiled on first use, not at import: importing the library stays free.
  if (kernel === undefined) kernel = WasmNoiseKernel.create();
  return kernel;
}

/** The implementation in use here: 'wasm-simd' where WebAssembly SIMD works, else 'js'. */
export function hostNoiseImplementation(): HostNoiseImplementation {
  return wasm() ? 'wasm-simd' : 'js';
}

/**
 * Forces the JavaScript twin (`'js'`) or returns to automatic choice
 * (`'auto'`). Both give the same numbers bit for bit; this exists for tests
 * and benchmarks.
 */
export function setHostNoiseImplementation(choice: 'js' | 'auto'): void {
  forced = choice === 'js' ? 'js' : null;
}

function fill(n: number, run: (k: WasmNoiseKernel, out: number) => void, reference: (out: Float32Array) => void): Float32Array {
  const k = wasm();
  if (!k || n === 0) {
    const out = new Float32Array(n);
    reference(out);
    return out;
  }
  const [ptr] = k.layout(n, 1) as [number];
  run(k, ptr);
  // slice: one copy into a fresh array, without zero-filling one first.
  return k.view(ptr, n).slice();
}

/** n uniforms in [0, 1) on the 2^-24 grid; equal bit for bit to `uniformArray`. */
export function hostUniforms(n: number, seed: number): Float32Array {
  return fill(n, (k, p) => k.exports.uniforms(p, n, seed), (o) => referenceUniforms(o, seed));
}

/** n signs ±1; equal bit for bit to `signArray`. */
export function hostSigns(n: number, seed: number): Float32Array {
  return fill(n, (k, p) => k.exports.signs(p, n, seed), (o) => referenceSigns(o, seed));
}

/** n standard normals by Box–Muller on the counter stream (noise stream version 2). */
export function hostNormals(n: number, seed: number): Float32Array {
  return fill(n, (k, p) => k.exports.normals(p, n, seed), (o) => referenceNormals(o, seed));
}

/**
 * n symmetric α-stable draws (scale 1) by Chambers–Mallows–Stuck, V from the
 * stream of `seedV` and W from that of `seedW` (noise stream version 2).
 */
export function hostAlphaStable(n: number, seedV: number, seedW: number, alpha: number): Float32Array {
  const p = alphaStableParams(alpha);
  return fill(
    n,
    (k, ptr) => k.exports.alpha_stable(ptr, n, seedV, seedW, p.alpha, p.invAlpha, p.oneMinus, p.ratio),
    (o) => referenceAlphaStable(o, seedV, seedW, p),
  );
}

/** Result of a fused noise addition. */
export type FusedNoiseResult = { values: Float32Array; finite: boolean };

/**
 * `g + sigma · clip(ε, ±clip)` in one pass with ε the version-2 normals of
 * `seed`, plus whether every output is finite. Equal bit for bit to
 * drawing ε, clipping, multiplying and adding in float32.
 */
export function hostNormalsAxpy(g: Float32Array, seed: number, sigma: number, clip: number): FusedNoiseResult {
  const n = g.length;
  const k = wasm();
  if (!k || n === 0) {
    const values = new Float32Array(n);
    const eps = new Float32Array(n);
    referenceNormals(eps, seed);
    return { values, finite: referenceAxpy(values, g, eps, sigma, clip) };
  }
  const [out, gp] = k.layout(n, 2) as [number, number];
  k.view(gp, n).set(g);
  const finite = k.exports.normals_axpy(out, gp, n, seed, sigma, clip) === 1;
  return { values: k.view(out, n).slice(), finite };
}

/** `g + sigma · clip(eps, ±clip)` for noise already drawn, plus whether every output is finite. */
export function hostAxpy(g: Float32Array, eps: Float32Array, sigma: number, clip: number): FusedNoiseResult {
  const n = g.length;
  const k = wasm();
  if (!k || n === 0) {
    const values = new Float32Array(n);
    return { values, finite: referenceAxpy(values, g, eps, sigma, clip) };
  }
  const [out, gp, ep] = k.layout(n, 3) as [number, number, number];
  k.view(gp, n).set(g);
  k.view(ep, n).set(eps);
  const finite = k.exports.axpy(out, gp, ep, n, sigma, clip) === 1;
  return { values: k.view(out, n).slice(), finite };
}
