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
 * `repeatedPass` for every pass after the first in one step (see
 * `collectingKeptTensors`).
 */
export function gradientsAtPerturbedPoint(
  f: () => tf.Scalar,
  variables: readonly tf.Variable[],
  deltas: ReadonlyArray<tf.Tensor | null>,
  options: { repeatedPass?: RepeatedPass } = {},
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
    return tf.variableGrads(options.repeatedPass ? collectingKeptTensors(f, options.repeatedPass) : f, [...variables]);
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
 * What a repeated pass kept: tensors the loss closure `tf.keep`s, other than
 * the loss. The owner disposes them once their reader is done, which is at its
 * next step at the latest (see {@link collectingKeptTensors}).
 */
export type RepeatedPass = { kept: tf.Tensor[] };

/**
 * Wraps a loss closure for its second (or later) call in one step.
 *
 * tfjs-layers' train function (used by `model.fit` and `model.trainOnBatch`)
 * computes the compiled metrics inside the loss closure, `tf.keep`s them and
 * pushes them to an array that the train function returns after the loss.
 * Called twice, the closure pushes a second set: `fit` reads only the first
 * set and never disposes the second (one leaked scalar per metric per step),
 * while `trainOnBatch` reads every entry and then disposes them all. So the
 * second set must stay alive until its reader is done and then be freed:
 * it is collected into `pass.kept`, which the caller disposes at its next step.
 */
function collectingKeptTensors(f: () => tf.Scalar, pass: RepeatedPass): () => tf.Scalar {
  return () => {
    const scope = tf.engine().state.activeScope;
    const start = scope?.track.length ?? 0;
    const loss = f();
    if (scope) {
      for (const t of scope.track.slice(start)) {
        if (t.kept && t !== loss && !t.isDisposed) pass.kept.push(t);
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
