import * as tf from '@tensorflow/tfjs-core';

/** The result of `computeGradients`: the loss and one gradient per variable name. */
export type LossAndGradients = { value: tf.Scalar; grads: tf.NamedTensorMap };

/**
 * Gradients of `f` taken at `w + delta`, with every perturbed variable put
 * back exactly as it was afterwards, even if `f` throws.
 *
 * Restoring copies the saved values back; it never subtracts `delta`, because
 * `(w + δ) − δ` is not `w` in floating point and the error would accumulate
 * over steps. The saved copy shares the variable's buffer (tfjs reference
 * counting), so saving costs no copy of the data; the perturbed point costs
 * one buffer per perturbed variable.
 *
 * `deltas[i] === null` leaves variable `i` untouched. The caller keeps
 * ownership of `deltas`; the returned gradients belong to the caller. Pass
 * `repeatedPass: true` for every pass after the first in one step (see
 * `discardingKeptTensors`).
 */
export function gradientsAtPerturbedPoint(
  f: () => tf.Scalar,
  variables: readonly tf.Variable[],
  deltas: ReadonlyArray<tf.Tensor | null>,
  options: { repeatedPass?: boolean } = {},
): LossAndGradients {
  const saved: Array<tf.Tensor | null> = variables.map((v, i) => (deltas[i] ? tf.clone(v) : null));
  try {
    variables.forEach((v, i) => {
      const delta = deltas[i];
      if (!delta) return;
      const perturbed = tf.tidy(() => tf.add(v, delta));
      v.assign(perturbed);
      perturbed.dispose();
    });
    return tf.variableGrads(options.repeatedPass ? discardingKeptTensors(f) : f, [...variables]);
  } finally {
    variables.forEach((v, i) => {
      const original = saved[i];
      if (!original) return;
      v.assign(original);
      original.dispose();
    });
  }
}

/**
 * Wraps a loss closure for its second (or later) call in one step.
 *
 * tfjs-layers' `model.fit` loss closure computes the compiled metrics inside
 * the closure, `tf.keep`s them and pushes them to an array outside it. Called
 * twice, the second call's metrics are never read (fit reads the first
 * entries) and never disposed: one leaked scalar per metric per step. The
 * closure runs inside the engine's `forward` tidy scope, so what it kept there,
 * other than the loss itself, is disposed here once it returns.
 */
function discardingKeptTensors(f: () => tf.Scalar): () => tf.Scalar {
  return () => {
    const scope = tf.engine().state.activeScope;
    const start = scope?.track.length ?? 0;
    const loss = f();
    if (scope) {
      for (const t of scope.track.slice(start)) {
        if (t.kept && t !== loss && !t.isDisposed) t.dispose();
      }
    }
    return loss;
  };
}

/** The trainable variables `computeGradients` should use when `varList` is omitted, as tfjs does. */
export function resolveVariables(varList?: tf.Variable[]): tf.Variable[] {
  if (varList) return varList;
  return Object.values(tf.engine().registeredVariables).filter((v) => v.trainable);
}
