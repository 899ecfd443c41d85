import * as tf from '@tensorflow/tfjs-core';

export type SlotEntry = { index: number; slot: string; variable: tf.Variable };

/**
 * Per-variable optimizer state (momentum buffers, stored perturbation
 * magnitudes), keyed by (variable index, slot name).
 */
export class SlotStore {
  private readonly slots = new Map<string, SlotEntry>();

  private static key(index: number, slot: string): string {
    return `${index}/${slot}`;
  }

  get(index: number, slot: string): tf.Variable | undefined {
    return this.slots.get(SlotStore.key(index, slot))?.variable;
  }

  /** The slot, created as zeros of `shape` on first use. */
  getOrCreate(index: number, slot: string, shape: number[]): tf.Variable {
    const existing = this.get(index, slot);
    if (existing) return existing;
    const variable = tf.tidy(() => tf.variable(tf.zeros(shape), false));
    this.slots.set(SlotStore.key(index, slot), { index, slot, variable });
    return variable;
  }

  /** Sets a slot, creating it if needed; takes a copy of `value`. */
  set(index: number, slot: string, value: tf.Tensor): void {
    this.getOrCreate(index, slot, value.shape).assign(value);
  }

  /** Entries in a deterministic order: by variable index, then slot name. */
  entries(): SlotEntry[] {
    return [...this.slots.values()].sort((a, b) => a.index - b.index || (a.slot < b.slot ? -1 : a.slot > b.slot ? 1 : 0));
  }

  dispose(): void {
    for (const { variable } of this.slots.values()) variable.dispose();
    this.slots.clear();
  }
}
