import * as tf from '@tensorflow/tfjs-core';

/**
 * How closely two computations of the same math may differ on the active
 * backend. `sameMath` bounds the difference between two implementations of the
 * same update (say NoisyGradientSGD at noise 0 and tf.train.momentum) after a
 * few epochs: float32 rounding on cpu/wasm/tensorflow/webgpu, and half-float
 * textures (11-bit mantissa, relative step ~1e-3) under WEBGL_FORCE_F16_TEXTURES.
 * Runs on one backend that must repeat bit for bit are compared exactly,
 * never with these.
 */
export function backendTolerance(): { sameMath: number } {
  const f16 = tf.getBackend() === 'webgl' && tf.env().getBool('WEBGL_FORCE_F16_TEXTURES');
  return { sameMath: f16 ? 2e-2 : 1e-5 };
}
