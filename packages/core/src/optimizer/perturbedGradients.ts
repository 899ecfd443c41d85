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
 * ownership of `deltas`; the returned gradients belong to the caller.
 */
export function gradientsAtPerturbedPoint(
  f: () => tf.Scalar,
  variables: readonly tf.Variable[],
  deltas: ReadonlyArray<tf.Tensor | null>,
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
    return tf.variableGrads(f, [...variables]);
  } finally {
    variables.forEach((v, i) => {
      const original = saved[i];
      if (!original) return;
      v.assign(original);
      original.dispose();
    });
  }
}

/** The trainable variables `computeGradients` should use when `varList` is omitted, as tfjs does. */
export function resolveVariables(varList?: tf.Variable[]): tf.Variable[] {
  if (varList) return varList;
  return Object.values(tf.engine().registeredVariables).filter((v) => v.trainable);
}
