import * as tf from '@tensorflow/tfjs-core';

/**
 * What to do when a step would write a NaN or an infinity. Under both
 * policies no weight and no slot changes in such a step.
 *
 * - `throw`: the step raises {@link NonFiniteUpdateError}. Deciding
 *   to throw needs the answer on the host, so every step reads one boolean
 *   back from the device: free on cpu/wasm/tensorflow, a pipeline stall per
 *   step on webgl/webgpu, and impossible with tfjs's webgpu backend outside a
 *   browser (it has no synchronous read there).
 * - `skip` (default): decided on the device with no read at all: each write keeps its
 *   old value where the step is not finite, and the step is counted in a
 *   device-side counter (`readSkippedSteps()`, saved with the state). The
 *   step counter still advances, so the next step draws new noise. The
 *   default because it costs nothing on any backend; check
 *   `readSkippedSteps()` after training, or use `throw` to stop at once.
 */
export type NonFinitePolicy = 'throw' | 'skip';
export const NON_FINITE_POLICIES: readonly NonFinitePolicy[] = ['throw', 'skip'];

export class NonFiniteUpdateError extends Error {
  override readonly name = 'NonFiniteUpdateError';
  constructor(
    readonly optimizer: string,
    readonly step: number,
  ) {
    super(
      `${optimizer}: the update at step ${step} is not finite (NaN or infinity); no weight was changed. ` +
        `Lower the learning rate or noise scale, clip gradients or noise, or pass nonFinite: 'skip' to skip such steps.`,
    );
  }
}

/**
 * A boolean scalar on the device: whether every element of every tensor is
 * finite. Tested element by element, not through each tensor's sum: a sum of
 * finite values can overflow (past 3.4e38 in float32, and past 65,504 under
 * WEBGL_FORCE_F16_TEXTURES, where an ordinary update of a 4096×20 kernel sums
 * to more), which would call a finite update non-finite.
 */
export function finiteFlag(tensors: readonly tf.Tensor[]): tf.Scalar {
  return tf.tidy(() => {
    if (tensors.length === 0) return tf.scalar(true, 'bool');
    const each = tensors.map((t) => tf.all(tf.isFinite(t)));
    return (each.length === 1 ? each[0]! : tf.all(tf.stack(each))) as tf.Scalar;
  });
}

/**
 * Whether every element of every tensor is finite, read back to the host
 * (one boolean). Throws a clear error where the backend cannot read
 * synchronously (see {@link canReadSync}).
 */
export function allFinite(tensors: readonly tf.Tensor[], owner = 'allFinite'): boolean {
  if (tensors.length === 0) return true;
  assertCanReadSync(owner, "nonFinite: 'throw'");
  const flag = finiteFlag(tensors);
  const ok = flag.dataSync()[0] === 1;
  flag.dispose();
  return ok;
}

/**
 * tfjs's webgpu backend reads synchronously through an OffscreenCanvas, which
 * exists only in browsers; in Node (Dawn) every synchronous read throws a
 * ReferenceError deep inside tfjs.
 */
export function canReadSync(): boolean {
  return !(tf.getBackend() === 'webgpu' && typeof (globalThis as { OffscreenCanvas?: unknown }).OffscreenCanvas === 'undefined');
}

export function assertCanReadSync(owner: string, what: string): void {
  if (!canReadSync()) {
    throw new Error(
      `${owner}: ${what} needs a synchronous device-to-host read, which tfjs's webgpu backend cannot do outside a browser ` +
        `(no OffscreenCanvas). Use nonFinite: 'skip', which decides on the device, or the async readers.`,
    );
  }
}
