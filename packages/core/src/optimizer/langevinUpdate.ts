import * as tf from '@tensorflow/tfjs-core';
import { StreamPurpose } from '../random/noiseStream';
import { GaussianSampler } from '../samplers/gaussianSampler';
import type { ScheduledValue } from '../schedules/scheduleFromConfig';
import type { SlotKind } from './optimizerState';
import type { GradientEntry, StepContext, StepWrite } from './stepContext';
import type { UpdateRule } from './updateRule';

/** pSGLD's RMSProp-style preconditioner; `null` for plain SGLD. */
export type LangevinPreconditioner = { beta: number; epsilon: number };

const gaussian = new GaussianSampler();

/** Slot holding pSGLD's running average of squared gradients. */
export const PSGLD_SQUARE_SLOT = 'psgld-square';

/**
 * Stochastic gradient Langevin dynamics (Welling & Teh, ICML 2011):
 * `w ← w − lr_t ∇U(w) + √(2 · lr_t · T_t) ε`, `ε ~ N(0, I)` from the stream.
 *
 * Preconditioned (pSGLD, Li, Chen, Carlson, Carin, AAAI 2016,
 * arXiv:1512.07666): `V ← β V + (1 − β) g²`, `G = 1 / (ε + √V)`,
 * `w ← w − lr_t G ⊙ g + √(2 · lr_t · T_t · G) ⊙ ε`. The Γ correction term of
 * the paper is left out, as in the authors' experiments. `V` is kept in the
 * slot {@link PSGLD_SQUARE_SLOT} and starts at zero, so the first step is
 * scaled by `1/(ε + √((1 − β) g²))`.
 */
export class LangevinUpdate implements UpdateRule {
  readonly slots: Readonly<Record<string, SlotKind>>;
  constructor(
    readonly learningRate: ScheduledValue,
    readonly temperature: ScheduledValue,
    readonly preconditioner: LangevinPreconditioner | null,
  ) {
    this.slots = preconditioner ? { [PSGLD_SQUARE_SLOT]: 'variable' } : {};
  }

  /** The unit Gaussian draw of one variable at one step: what `apply` scales and adds. */
  unitNoise(shape: number[], index: number, ctx: Pick<StepContext, 'step' | 'stream'>): tf.Tensor {
    return gaussian.sample(shape, ctx.stream.seedFor(ctx.step, index, StreamPurpose.noise), ctx.step, ctx.stream.version);
  }

  apply(gradients: tf.Tensor[], entries: readonly GradientEntry[], ctx: StepContext): void {
    const lr = this.learningRate.at(ctx.step);
    const temperature = this.temperature.at(ctx.step);
    const noiseScale = Math.sqrt(2 * lr * temperature);
    const p = this.preconditioner;
    // Read (and shape-check) every V first; a missing one is zero, created by the commit.
    const squares = entries.map((e) => (p ? (ctx.slot(e.index, PSGLD_SQUARE_SLOT, e.variable.shape) ?? null) : null));
    const writes = tf.tidy(() => {
      const out: StepWrite[] = [];
      entries.forEach((e, i) => {
        const g = gradients[i]!;
        const eps = noiseScale === 0 ? null : this.unitNoise(e.variable.shape, e.index, ctx);
        if (p) {
          const v = squares[i] ?? tf.zerosLike(g);
          const newV = tf.add(tf.mul(v, p.beta), tf.mul(tf.square(g), 1 - p.beta));
          const precond = tf.div(1, tf.add(tf.sqrt(newV), p.epsilon));
          let w = tf.sub(e.variable, tf.mul(tf.mul(precond, g), lr));
          if (eps) w = tf.add(w, tf.mul(tf.sqrt(tf.mul(precond, 2 * lr * temperature)), eps));
          out.push({ variable: e.variable, value: w }, { index: e.index, slot: PSGLD_SQUARE_SLOT, value: newV });
        } else {
          let w = tf.sub(e.variable, tf.mul(g, lr));
          if (eps) w = tf.add(w, tf.mul(eps, noiseScale));
          out.push({ variable: e.variable, value: w });
        }
      });
      return out;
    });
    ctx.commit(writes);
  }
}
