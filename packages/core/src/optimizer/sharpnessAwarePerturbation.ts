import * as tf from '@tensorflow/tfjs-core';
import type { ScheduledValue } from '../schedules/scheduleFromConfig';
import type { IndexedVariable, Perturbation } from './perturbation';
import { gradientsAtPerturbedPoint, type LossAndGradients, type RepeatedPass } from './perturbedGradients';
import type { StepContext } from './stepContext';

/** Added to the norm in the ascent step so that a zero gradient gives a zero step, not NaN (Foret et al.'s code uses 1e-12). */
export const SAM_NORM_EPSILON = 1e-12;

/**
 * Sharpness-aware minimisation's ascent step (Foret et al. 2020,
 * arXiv:2010.01412), and its adaptive form ASAM (Kwon et al. 2021,
 * arXiv:2102.11600).
 *
 * First pass: `g = ∇L(w)`. Ascent: SAM `e = ρ g / (‖g‖ + 1e-12)`; ASAM
 * `e = ρ T_w² g / (‖T_w g‖ + 1e-12)` with `T_w = |w| + η` element-wise, so the
 * neighbourhood is scaled by each weight's magnitude and the sharpness is
 * invariant to rescaling the weights. Norms are global over every variable of
 * the step. Second pass: `∇L(w + e)`, after which `w` is restored exactly (by
 * copy) and the base update applies to `w` with that gradient.
 *
 * The reported loss is the first pass's `L(w)`, as in the authors' code.
 * Unlike Kwon et al.'s code, which scales only tensors named `weight`, every
 * tensor (biases too) gets `T_w` here, as the paper's definition states.
 */
export class SharpnessAwarePerturbation implements Perturbation {
  readonly passesPerStep = 2;
  /** What the second pass's loss closure kept (tfjs-layers' metrics), freed at the next step or on dispose. */
  private readonly repeated: RepeatedPass = { kept: [] };
  constructor(
    readonly rho: ScheduledValue,
    /** `null` for SAM; ASAM's η otherwise. */
    readonly eta: number | null,
  ) {}

  /** The ascent step `e` for gradients `grads` at the current weights. Exposed for tests and diagnostics. */
  ascent(grads: readonly tf.Tensor[], variables: readonly tf.Variable[], rho: number): tf.Tensor[] {
    return tf.tidy(() => {
      const scales = this.eta === null ? null : variables.map((v) => tf.add(tf.abs(v), this.eta!));
      const scaled = scales ? grads.map((g, i) => tf.mul(g, scales[i]!)) : [...grads];
      const norm = tf.sqrt(tf.addN(scaled.map((g) => tf.sum(tf.square(g)))));
      const factor = tf.div(rho, tf.add(norm, SAM_NORM_EPSILON));
      // ASAM: T_w (T_w g) / ‖T_w g‖ = T_w² g / ‖T_w g‖.
      return scaled.map((g, i) => tf.mul(scales ? tf.mul(g, scales[i]!) : g, factor));
    });
  }

  gradients(f: () => tf.Scalar, variables: readonly IndexedVariable[], ctx: StepContext): LossAndGradients {
    this.dispose();
    const vars = variables.map((v) => v.variable);
    const rho = this.rho.at(ctx.step);
    const first = tf.variableGrads(f, vars);
    let deltas: tf.Tensor[] = [];
    try {
      const grads = vars.map((v) => first.grads[v.name]);
      // A variable the loss does not reach (null gradient) is not moved.
      const present = grads.map((g) => g != null);
      const ascent = this.ascent(grads.filter((g): g is tf.Tensor => g != null), vars.filter((_, i) => present[i]), rho);
      let k = 0;
      const perVariable = present.map((p) => (p ? ascent[k++]! : null));
      deltas = ascent;
      const second = gradientsAtPerturbedPoint(f, vars, perVariable, { repeatedPass: this.repeated });
      second.value.dispose();
      return { value: first.value, grads: second.grads };
    } catch (e) {
      first.value.dispose();
      throw e;
    } finally {
      tf.dispose(Object.values(first.grads));
      tf.dispose(deltas);
    }
  }

  /** Frees what the last second pass kept; by now its reader (fit, trainOnBatch) is done with it. */
  dispose(): void {
    tf.dispose(this.repeated.kept.filter((t) => !t.isDisposed));
    this.repeated.kept.length = 0;
  }
}
