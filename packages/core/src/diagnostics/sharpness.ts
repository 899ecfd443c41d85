import * as tf from '@tensorflow/tfjs-core';
import { GaussianSampler } from '../samplers/gaussianSampler';
import { deriveSeed } from '../random/seedMixer';
import { checkNumber } from '../validation';
import { readScalars, summarize, type Estimate } from './hessianTrace';

export type SharpnessOptions = {
  /** Global L2 norm of each random weight perturbation. */
  radius: number;
  /** Random directions; each is used with both signs. Default 10. */
  directions?: number;
  seed?: number;
};

const gaussian = new GaussianSampler();

/**
 * Sharpness as the mean loss increase under random weight perturbations of
 * fixed norm: `mean_d ½(L(w + d) + L(w − d)) − L(w)`, `d` a Gaussian direction
 * scaled to global norm `radius` across all variables. Each direction is used
 * with both signs (antithetic pairs), which removes the first-order term, so
 * for a quadratic with Hessian H the value is `½ dᵀHd` exactly and for
 * `H = I` it is `radius²/2` for every direction. Weights are restored exactly.
 */
export async function sharpness(loss: () => tf.Scalar, variables: tf.Variable[], options: SharpnessOptions): Promise<Estimate> {
  const radius = checkNumber('sharpness', 'radius', options.radius, { min: 0 });
  const directions = checkNumber('sharpness', 'directions', options.directions ?? 10, { min: 1, integer: true });
  const seed = options.seed ?? 0;
  const at = (deltas: tf.Tensor[] | null): tf.Scalar => {
    const saved = deltas ? variables.map((v) => tf.clone(v)) : [];
    try {
      deltas?.forEach((delta, i) => {
        const perturbed = tf.tidy(() => tf.add(variables[i]!, delta));
        variables[i]!.assign(perturbed);
        perturbed.dispose();
      });
      return tf.tidy(() => loss());
    } finally {
      variables.forEach((v, i) => saved[i] && v.assign(saved[i]!));
      tf.dispose(saved);
    }
  };
  const base = at(null);
  // Losses stay on the device; one asynchronous read at the end.
  const values: tf.Scalar[] = [];
  for (let k = 0; k < directions; k++) {
    const d = tf.tidy(() => {
      const raw = variables.map((v, i) => gaussian.sample(v.shape, deriveSeed(seed, k, i)));
      const norm = tf.sqrt(tf.addN(raw.map((r) => tf.sum(tf.square(r)))));
      return raw.map((r) => tf.mul(r, tf.div(radius, norm)));
    });
    const neg = tf.tidy(() => d.map((t) => tf.neg(t)));
    const plus = at(d);
    const minus = at(neg);
    values.push(tf.tidy(() => tf.sub(tf.mul(tf.add(plus, minus), 0.5), base)));
    tf.dispose([plus, minus]);
    tf.dispose([...d, ...neg]);
  }
  base.dispose();
  return summarize(await readScalars(values));
}
