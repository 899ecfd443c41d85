import { WASM_NOISE_BASE64 } from './wasmNoiseBinary';

/** The exports of `wasm/noise.c`; pointers are byte offsets into `memory`. */
type NoiseExports = {
  memory: WebAssembly.Memory;
  __heap_base: WebAssembly.Global;
  uniforms(out: number, n: number, seed: number): void;
  signs(out: number, n: number, seed: number): void;
  normals(out: number, n: number, seed: number): void;
  normals_axpy(out: number, g: number, n: number, seed: number, sigma: number, clip: number): number;
  axpy(out: number, g: number, eps: number, n: number, sigma: number, clip: number): number;
  alpha_stable(out: number, n: number, seedV: number, seedW: number, alpha: number, invAlpha: number, oneMinus: number, ratio: number): void;
};

/**
 * The instantiated noise module plus a scratch area above its heap base,
 * grown on demand. One region layout per call: [out | g | eps], each
 * 16-byte aligned, so calls never overlap (the module is single-threaded).
 */
export class WasmNoiseKernel {
  private readonly base: number;
  private capacityBytes = 0;
  private constructor(readonly exports: NoiseExports) {
    this.base = (exports.__heap_base.value as number + 15) & ~15;
  }

  /**
   * Compiles the inlined module synchronously, or returns null where
   * WebAssembly or its SIMD proposal is missing (or a browser refuses a
   * synchronous compile of this size on its main thread).
   */
  static create(): WasmNoiseKernel | null {
    try {
      if (typeof WebAssembly !== 'object' || typeof atob !== 'function') return null;
      const bytes = Uint8Array.from(atob(WASM_NOISE_BASE64), (c) => c.charCodeAt(0));
      // validate() is false where SIMD128 is not supported, without throwing.
      if (!WebAssembly.validate(bytes)) return null;
      const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), {});
      return new WasmNoiseKernel(instance.exports as unknown as NoiseExports);
    } catch {
      return null;
    }
  }

  /** Byte offsets of `regions` float arrays of n elements each, after growing memory to fit. */
  layout(n: number, regions: number): number[] {
    const stride = (n * 4 + 15) & ~15;
    const needed = this.base + stride * regions;
    if (needed > this.capacityBytes) {
      const memory = this.exports.memory;
      const have = memory.buffer.byteLength;
      if (needed > have) memory.grow(Math.ceil((needed - have) / 65536));
      this.capacityBytes = memory.buffer.byteLength;
    }
    return Array.from({ length: regions }, (_, i) => this.base + i * stride);
  }

  /** A view of n floats at `ptr` (re-created per call: growing memory detaches old views). */
  view(ptr: number, n: number): Float32Array {
    return new Float32Array(this.exports.memory.buffer, ptr, n);
  }
}
