import * as tf from '@tensorflow/tfjs-core';
import { StreamPurpose } from '../random/noiseStream';
import type { Sampler } from '../samplers/sampler';
import type { ScheduledValue } from '../schedules/scheduleFromConfig';
import type { SlotKind } from './optimizerState';
import type { GradientEntry, StepContext, StepWrite } from './stepContext';
import type { UpdateRule } from './updateRule';

/** Slot holding ξ_t, the weight noise currently added to each variable. */
export const ANTI_PGD_NOISE_SLOT = 'anti-pgd-noise';

/**
 * Anti-correlated perturbed gradient descent (Orvieto, Kersting, Proske, Bach,
 * Lucchi, ICML 2022, arXiv:2202.02831), in the paper's w-form:
 *
 * `w_{t+1} = w_t − lr ∇L(w_t) + (ξ_{t+1} − ξ_t)`, `ξ_t = σ_t · s_t`,
 * `s_t` i.i.d. unit draws (Rademacher ±1 by default, as in the theory).
 *
 * The noise lives in weight space: it is neither multiplied by the learning
 * rate nor added to the gradient, and σ is applied once, to ξ. The current ξ_t
 * is kept in the slot {@link ANTI_PGD_NOISE_SLOT}, so a restored optimizer
 * subtracts exactly the ξ_t it added (bit for bit, even if σ follows a
 * schedule). ξ_0 is drawn at step 0 from the stream (the initial weights are
 * read as `z_0 + ξ_0`), so after T steps of zero gradient `w_T − w_0 = ξ_T − ξ_0`.
 * Equivalently `z_t = w_t − ξ_t` follows `z_{t+1} = z_t − lr ∇L(z_t + ξ_t)`.
 */
export class AntiCorrelatedUpdate implements UpdateRule {
  readonly slots: Readonly<Record<string, SlotKind>> = { [ANTI_PGD_NOISE_SLOT]: 'variable' };
  constructor(
    readonly learningRate: ScheduledValue,
    readonly noise: ScheduledValue,
    readonly sampler: Sampler,
  ) {}

  /** `ξ_t` for one variable: `σ_t · s_t`, `s_t` from the stream at (t, variable). */
  xi(shape: number[], index: number, step: number, ctx: Pick<StepContext, 'stream'>): tf.Tensor {
    const sigma = this.noise.at(step);
    return tf.tidy(() => tf.mul(this.sampler.sample(shape, ctx.stream.seedFor(step, index, StreamPurpose.noise), step, ctx.stream.version), sigma));
  }

  apply(gradients: tf.Tensor[], entries: readonly GradientEntry[], ctx: StepContext): void {
    const lr = this.learningRate.at(ctx.step);
    // Validate σ_{t+1} before any tensor exists, so a schedule leaving its range throws without leaking.
    this.noise.at(ctx.step + 1);
    // Read (and shape-check) every ξ_t first; a missing one is ξ_0, drawn now and stored only by the commit.
    const current = entries.map((e) => ctx.slot(e.index, ANTI_PGD_NOISE_SLOT, e.variable.shape) ?? null);
    const writes = tf.tidy(() => {
      const out: StepWrite[] = [];
      entries.forEach((e, i) => {
        const xi = current[i] ?? this.xi(e.variable.shape, e.index, ctx.step, ctx);
        const next = this.xi(e.variable.shape, e.index, ctx.step + 1, ctx);
        out.push(
          { variable: e.variable, value: tf.add(tf.sub(e.variable, tf.mul(gradients[i]!, lr)), tf.sub(next, xi)) },
          { index: e.index, slot: ANTI_PGD_NOISE_SLOT, value: next },
        );
      });
      return out;
    });
    ctx.commit(writes);
  }
}
