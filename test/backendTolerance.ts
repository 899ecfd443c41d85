import * as tf from '@tensorflow/tfjs-core';

/** The webgl-f16 lane: webgl with every texture in half precision (WEBGL_FORCE_F16_TEXTURES), as on many phones. */
export function isHalfFloatWebgl(): boolean {
  return tf.getBackend() === 'webgl' && tf.env().getBool('WEBGL_FORCE_F16_TEXTURES');
}

/**
 * How closely two computations of the same math may differ on the active
 * backend, and what a lane needs to stay finite. Every entry is exact or
 * tfjs's default except on webgl-f16, where each value says what it allows:
 *
 * - `sameMath` bounds the difference between two implementations of the same
 *   update (say NoisyGradientSGD at noise 0 and tf.train.momentum) after a few
 *   epochs: float32 rounding on cpu/wasm/tensorflow/webgpu, and half-float
 *   textures (11-bit mantissa, relative step ~1e-3) under f16.
 * - `resume` bounds the difference between a run resumed from saved state and
 *   the straight run: 0 means bit for bit (every lane but f16). Under f16,
 *   tfjs's webgl backend runs an op on its float32 CPU kernels when all inputs
 *   are CPU-resident and under 128 elements (WEBGL_CPU_FORWARD,
 *   CPU_HANDOFF_SIZE_THRESHOLD) and in half precision on the GPU otherwise.
 *   Weights restored by tf.loadLayersModel start CPU-resident while the
 *   straight run's are GPU textures, so the first steps after a resume can
 *   round differently: at most 4.9e-4 (one half-float step at 0.5) measured on
 *   the contract model; 2e-3 is one step at 2..4.
 * - `adamEpsilon` for tf.train.adam (undefined: tfjs's default). tfjs decides
 *   webgl's precision by computing |1e-8|, which the same CPU forward answers
 *   in float32, so under forced f16 textures tf.train.adam gets ε = 1e-7; the
 *   GPU then squares small gradients to 0 in half precision and m/(√v + ε)
 *   overflows: tf.train.adam alone writes NaN at its second step on the
 *   contract model. 1e-4 is tfjs's own half-precision ε.
 */
export function backendTolerance(): { sameMath: number; resume: number; adamEpsilon: number | undefined } {
  const f16 = isHalfFloatWebgl();
  return { sameMath: f16 ? 2e-2 : 1e-5, resume: f16 ? 2e-3 : 0, adamEpsilon: f16 ? 1e-4 : undefined };
}

/**
 * How many steps the two longest contract tests take on the active lane. WebGPU
 * (in Chromium, and Dawn in Node) runs on SwiftShader's CPU-emulated compute here: 130–700 ms per
 * step of the 4-8-2 contract model against ~7 ms on webgl (measured on 2 busy
 * cores), and the full contract took over 20 minutes there. So that lane
 * trains 10 epochs instead of 30 (the loss must still fall to 0.7× its first
 * epoch) and counts tensors over 20 steps instead of 200: a per-step leak shows
 * from the second step on either way.
 */
export function laneBudget(): { trainEpochs: number; leakSteps: number } {
  return tf.getBackend() === 'webgpu' ? { trainEpochs: 10, leakSteps: 20 } : { trainEpochs: 30, leakSteps: 200 };
}
