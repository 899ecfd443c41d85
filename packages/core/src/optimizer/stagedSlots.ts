import * as tf from '@tensorflow/tfjs-core';

export type StagedSlot = { index: number; slot: string; value: tf.Tensor };

/**
 * Slot values computed during a step but not yet written. A perturbation may
 * stage a slot in `computeGradients` (the alternating pair's magnitude); it
 * is written with the update in `applyGradients`, or dropped if the step fails.
 */
export class StagedSlots {
  private readonly staged = new Map<string, StagedSlot>();

  get(index: number, slot: string): tf.Tensor | undefined {
    return this.staged.get(`${index}/${slot}`)?.value;
  }

  /** Takes ownership of `value`. */
  set(index: number, slot: string, value: tf.Tensor): void {
    const key = `${index}/${slot}`;
    this.staged.get(key)?.value.dispose();
    this.staged.set(key, { index, slot, value });
  }

  /** Hands every staged value to the caller and empties this set. */
  take(): StagedSlot[] {
    const all = [...this.staged.values()];
    this.staged.clear();
    return all;
  }

  dispose(): void {
    tf.dispose([...this.staged.values()].map((s) => s.value));
    this.staged.clear();
  }
}
