import * as tf from '@tensorflow/tfjs-core';
import { StreamPurpose } from '../random/noiseStream';
import { RademacherSampler } from '../samplers/rademacherSampler';
import type { ScheduledValue } from '../schedules/scheduleFromConfig';
import type { SlotKind } from './optimizerState';
import type { IndexedVariable, Perturbation } from './perturbation';
import { gradientsAtPerturbedPoint, type LossAndGradients, type RepeatedPass } from './perturbedGradients';
import type { StepContext } from './stepContext';

export type SymmetricMode = 'two-point' | 'alternating' | 'one-sided';
export const SYMMETRIC_MODES: readonly SymmetricMode[] = ['two-point', 'alternating', 'one-sided'];
/** `relative`: magnitude × RMS of each tensor; `absolute`: magnitude as is. */
export type MagnitudeScale = 'relative' | 'absolute';
export const MAGNITUDE_SCALES: readonly MagnitudeScale[] = ['relative', 'absolute'];

const rademacher = new RademacherSampler();
/** Slot holding, per variable, the magnitude used at the "+" step of an alternating pair. */
export const SYMMETRIC_MAGNITUDE_SLOT = 'symmetric-magnitude';

/**
 * Symmetric weight noise (Sung et al. 2020): `n = m_t · s ⊙ scale(W)`, `s`
 * Rademacher (every element moves by exactly the magnitude: "fixed magnitude").
 *
 * - `two-point`: the gradient is `½(∇L(w + n) + ∇L(w − n))`, two passes per
 *   step. In a quadratic the two halves cancel exactly, so it follows plain
 *   SGD; in higher-order terms it adds the curvature-sensitive part.
 * - `alternating`: step `2k` uses `w + n_k`, step `2k+1` uses `w − n_k` (the
 *   same `s` and the same magnitude, kept in a slot), one pass per step; the
 *   symmetric pair spans two consecutive batches.
 * - `one-sided`: `∇L(w + n_t)` with a fresh `n_t` every step, one pass: the
 *   asymmetric baseline the symmetric modes are compared against.
 *
 * With `relative` scale the magnitude is `m_t · RMS(W)` per tensor, so a tensor
 * that is all zeros (zero-initialised biases) is not perturbed.
 */
export class SymmetricPerturbation implements Perturbation {
  readonly passesPerStep: number;
  readonly slots: Readonly<Record<string, SlotKind>>;
  /** What the previous step's second pass kept (its metrics under model.fit/trainOnBatch). */
  private readonly repeated: RepeatedPass = { kept: [] };
  constructor(
    readonly magnitude: ScheduledValue,
    readonly mode: SymmetricMode,
    readonly scale: MagnitudeScale,
  ) {
    this.passesPerStep = mode === 'two-point' ? 2 : 1;
    this.slots = mode === 'alternating' ? { [SYMMETRIC_MAGNITUDE_SLOT]: 'scalar' } : {};
  }

  /** Per-element magnitude for one variable at `step`: a scalar tensor. */
  private magnitudeOf(v: tf.Variable, step: number): tf.Scalar {
    const m = this.magnitude.at(step);
    if (this.scale === 'absolute') return tf.scalar(m);
    return tf.mul(tf.sqrt(tf.mean(tf.square(v))), m) as tf.Scalar;
  }

  private signs(v: IndexedVariable, ctx: StepContext, pairStep: number): tf.Tensor {
    return rademacher.sample(v.variable.shape, ctx.stream.seedFor(pairStep, v.index, StreamPurpose.noise));
  }

  /** `n_t = m_t · s ⊙ scale(W)` for every variable, drawn fresh for this step. */
  private freshNoise(variables: readonly IndexedVariable[], ctx: StepContext): tf.Tensor[] {
    return tf.tidy(() => variables.map((v) => tf.mul(this.signs(v, ctx, ctx.step), this.magnitudeOf(v.variable, ctx.step))));
  }

  gradients(f: () => tf.Scalar, variables: readonly IndexedVariable[], ctx: StepContext): LossAndGradients {
    const vars = variables.map((v) => v.variable);
    if (this.mode === 'two-point') {
      this.dispose();
      const plus = this.freshNoise(variables, ctx);
      const minus = tf.tidy(() => plus.map((n) => tf.neg(n)));
      let a: LossAndGradients | null = null;
      let b: LossAndGradients | null = null;
      try {
        a = gradientsAtPerturbedPoint(f, vars, plus);
        b = gradientsAtPerturbedPoint(f, vars, minus, { repeatedPass: this.repeated });
        const first = a;
        const second = b;
        return tf.tidy(() => {
          const grads: tf.NamedTensorMap = {};
          for (const name of Object.keys(first.grads)) grads[name] = tf.mul(tf.add(first.grads[name]!, second.grads[name]!), 0.5);
          return { value: tf.mul(tf.add(first.value, second.value), 0.5) as tf.Scalar, grads };
        });
      } finally {
        // Also when the second pass throws: the first pass's results are ours to free.
        for (const r of [a, b]) if (r) tf.dispose([r.value, ...Object.values(r.grads)]);
        tf.dispose([...plus, ...minus]);
      }
    }
    if (this.mode === 'one-sided') {
      const deltas = this.freshNoise(variables, ctx);
      try {
        return gradientsAtPerturbedPoint(f, vars, deltas);
      } finally {
        tf.dispose(deltas);
      }
    }
    // Alternating: the pair (2k, 2k+1) shares one draw and one magnitude. The
    // "+" step stages the magnitude; it is stored only if the step commits.
    const first = ctx.step % 2 === 0;
    const pairStep = ctx.step - (ctx.step % 2);
    const deltas = variables.map((v) => {
      let magnitude = first ? undefined : ctx.slot(v.index, SYMMETRIC_MAGNITUDE_SLOT, []);
      if (!magnitude) {
        magnitude = tf.tidy(() => this.magnitudeOf(v.variable, pairStep));
        ctx.stageSlot(v.index, SYMMETRIC_MAGNITUDE_SLOT, magnitude);
      }
      const m = magnitude;
      return tf.tidy(() => tf.mul(this.signs(v, ctx, pairStep), first ? m : tf.neg(m)));
    });
    try {
      return gradientsAtPerturbedPoint(f, vars, deltas);
    } finally {
      tf.dispose(deltas);
    }
  }

  /** Frees what the last second pass kept; by now its reader (fit, trainOnBatch) is done with it. */
  dispose(): void {
    tf.dispose(this.repeated.kept.filter((t) => !t.isDisposed));
    this.repeated.kept.length = 0;
  }
}
