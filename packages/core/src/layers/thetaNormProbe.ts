import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { NoiseInjectionNode } from './noiseInjectionNode';

export type NinPhase = 'decoupled' | 'decay' | 'catapult' | 'divergent';

/**
 * Phase rules for a ‖θ‖ trajectory `n_0 … n_E` (n_0 before training), in
 * this order:
 * - `divergent`: some ‖θ‖ is not finite, or the last is above 10·n_0, or the
 *   caller reports that training itself diverged (`lossDiverged`: e.g. the
 *   training loss ended non-finite or above where it started), which ‖θ‖
 *   alone can miss when saturated units stop passing gradient to θ;
 * - `catapult`: ‖θ‖ first rose above 1.5·n_0, then fell below half its peak;
 * - `decay`: the last ‖θ‖ is below 0.5·n_0 (the network learned to shut the noise out);
 * - `decoupled`: anything else (θ stays within a factor of 2 of where it began:
 *   the noise is too weak to matter to training).
 */
export function ninPhase(norms: readonly number[], options: { lossDiverged?: boolean } = {}): NinPhase {
  const n0 = norms[0]!;
  const last = norms.at(-1)!;
  if (options.lossDiverged || norms.some((n) => !Number.isFinite(n)) || last > 10 * n0) return 'divergent';
  const peak = Math.max(...norms);
  if (peak > 1.5 * n0 && last < peak / 2) return 'catapult';
  if (last < 0.5 * n0) return 'decay';
  return 'decoupled';
}

/**
 * Least-squares exponential decay rate r of `n_e ≈ A · exp(−r·e)` over the
 * recorded epochs (positive when ‖θ‖ decays). NaN with fewer than two finite,
 * positive points.
 */
export function decayRate(norms: readonly number[]): number {
  const pts = norms.map((n, e) => [e, Math.log(n)] as const).filter(([, y]) => Number.isFinite(y));
  if (pts.length < 2) return NaN;
  const mx = pts.reduce((a, [x]) => a + x, 0) / pts.length;
  const my = pts.reduce((a, [, y]) => a + y, 0) / pts.length;
  const sxy = pts.reduce((a, [x, y]) => a + (x - mx) * (y - my), 0);
  const sxx = pts.reduce((a, [x]) => a + (x - mx) ** 2, 0);
  return -sxy / sxx;
}

/**
 * Records ‖θ‖ of every NoiseInjectionNode of a model, before training and
 * after each epoch, when passed to `model.fit` via `callbacks: probe.callbacks()`.
 */
export class ThetaNormProbe {
  /** Layer name → ‖θ‖ per epoch, index 0 being before training. */
  readonly norms: Record<string, number[]> = {};

  /** Reads finish in the order they were taken; `norms` is complete once this settles. */
  private reads: Promise<void> = Promise.resolve();

  constructor(readonly model: tfl.LayersModel) {
    void this.record();
  }

  private nodes(): NoiseInjectionNode[] {
    return this.model.layers.filter((l): l is NoiseInjectionNode => l instanceof NoiseInjectionNode);
  }

  /**
   * Takes ‖θ‖ of every node now, on the device, and appends it to `norms`
   * once read back asynchronously (no synchronous read: it would stall a GPU
   * backend, and tfjs's webgpu backend has none outside browsers).
   */
  record(): Promise<void> {
    const taken = this.nodes().map((node) => ({ name: node.name, norm: tf.tidy(() => tf.norm(node.getTheta())) }));
    this.reads = this.reads.then(async () => {
      for (const { name, norm } of taken) {
        (this.norms[name] ??= []).push((await norm.data())[0]!);
        norm.dispose();
      }
    });
    return this.reads;
  }

  /** For `model.fit(x, y, {callbacks: probe.callbacks()})`; each epoch's norm is recorded before fit goes on. */
  callbacks(): { onEpochEnd: () => Promise<void> } {
    return { onEpochEnd: () => this.record() };
  }

  decayRates(): Record<string, number> {
    return Object.fromEntries(Object.entries(this.norms).map(([k, v]) => [k, decayRate(v)]));
  }

  phases(): Record<string, NinPhase> {
    return Object.fromEntries(Object.entries(this.norms).map(([k, v]) => [k, ninPhase(v)]));
  }
}
