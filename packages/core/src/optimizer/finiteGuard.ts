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
 * - `skip` (default): on GPU backends decided on the device with no read at
 *   all (each write keeps its old value where the step is not finite); where
 *   reads are free (cpu, wasm, tfjs-node on the CPU) from one boolean read.
 *   The step is counted in a device-side counter (`readSkippedSteps()`, saved
 *   with the state). The step counter still advances, so the next step draws
 *   new noise. The default because it costs nothing on any backend; check
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
  return tf.tidy(() => flagOf(tensors.map((t) => tf.isFinite(t))));
}

function flagOf(masks: readonly tf.Tensor[]): tf.Scalar {
  if (masks.length === 0) return tf.scalar(true, 'bool');
  const each = masks.map((m) => tf.all(m));
  return (each.length === 1 ? each[0]! : tf.all(tf.stack(each))) as tf.Scalar;
}

/**
 * {@link finiteFlag} together with the elementwise `isFinite` mask of each
 * tensor it was computed from, so that a select over the same tensors
 * ({@link keepWhere} with `finite`) need not test them a second time: one
 * elementwise pass per tensor instead of two on the device-side 'skip' path.
 * The caller owns the flag and the masks.
 */
export function finiteFlagAndMasks(tensors: readonly tf.Tensor[]): { flag: tf.Scalar; masks: tf.Tensor[] } {
  const masks = tensors.map((t) => tf.isFinite(t));
  return { flag: tf.tidy(() => flagOf(masks)), masks };
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
 * Whether a device-to-host read costs about nothing on the active backend:
 * the backends whose tensors live in this process's CPU memory (cpu, wasm,
 * and tfjs-node on the CPU). There the 'skip' policy decides on the host,
 * which skips the device-side select entirely; on GPU backends (webgl,
 * webgpu, tfjs-node-gpu), where a read stalls the pipeline, it decides on the
 * device.
 */
export function readsAreCheap(): boolean {
  const name = tf.getBackend();
  if (name === 'cpu' || name === 'wasm') return true;
  return name === 'tensorflow' && (tf.backend() as { isUsingGpuDevice?: boolean }).isUsingGpuDevice === false;
}

/**
 * `where(keep, value, old)` without broadcasting a boolean scalar to the
 * tensor's shape (tfjs does that with a Tile, 20–40 ms for 200k elements on
 * cpu/wasm): the condition is the elementwise `isFinite(value) && keep`, which
 * equals `keep` wherever it matters, since `keep` is true only when every
 * value is finite. `finite`, when given, is `isFinite(value)` already computed
 * (see {@link finiteFlagAndMasks}); it is used instead of testing again.
 */
export function keepWhere(keep: tf.Scalar, value: tf.Tensor, old: tf.Tensor, finite?: tf.Tensor): tf.Tensor {
  return tf.tidy(() => tf.where(tf.logicalAnd(finite ?? tf.isFinite(value), keep), value, old));
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
