import * as tf from '@tensorflow/tfjs-core';
import { RademacherSampler } from '../samplers/rademacherSampler';
import { deriveSeed } from '../random/seedMixer';
import { gradientsAtPerturbedPoint } from '../optimizer/perturbedGradients';
import { checkNumber } from '../validation';

export type HessianTraceOptions = {
  /** Rademacher probe vectors (Hutchinson samples); default 20. */
  samples?: number;
  /** Finite-difference step for the Hessian-vector product; default 1e-3. */
  epsilon?: number;
  seed?: number;
};

export type Estimate = { mean: number; std: number; samples: number[] };

const rademacher = new RademacherSampler();

/**
 * Hutchinson's estimator of the Hessian trace of `f` over `variables`:
 * `Tr H ≈ mean_v vᵀHv`, `v` Rademacher. Each `Hv` is a central difference of
 * gradients, `(∇f(w + εv) − ∇f(w − εv)) / 2ε`, taken with the library's exact
 * perturb-and-restore, so the weights are unchanged afterwards. Exact (up to
 * float rounding) for quadratics; for diagonal Hessians every single sample is
 * the trace. Costs 2 gradient passes per sample. `std` is the sample standard
 * deviation of `vᵀHv`; the standard error of `mean` is `std / sqrt(samples)`.
 */
export async function hessianTrace(f: () => tf.Scalar, variables: tf.Variable[], options: HessianTraceOptions = {}): Promise<Estimate> {
  const samples = checkNumber('hessianTrace', 'samples', options.samples ?? 20, { min: 1, integer: true });
  const epsilon = checkNumber('hessianTrace', 'epsilon', options.epsilon ?? 1e-3, { min: 0, minExclusive: true });
  const seed = options.seed ?? 0;
  // Each sample stays on the device; one asynchronous read at the end.
  const values: tf.Scalar[] = [];
  for (let s = 0; s < samples; s++) {
    const v = variables.map((x, i) => rademacher.sample(x.shape, deriveSeed(seed, s, i)));
    const plusDelta = v.map((t) => tf.mul(t, epsilon));
    const minusDelta = v.map((t) => tf.mul(t, -epsilon));
    const plus = gradientsAtPerturbedPoint(f, variables, plusDelta);
    const repeated = { kept: [] as tf.Tensor[] };
    const minus = gradientsAtPerturbedPoint(f, variables, minusDelta, { repeatedPass: repeated });
    const vHv = tf.tidy(() =>
      tf.div(tf.addN(variables.map((x, i) => tf.sum(tf.mul(v[i]!, tf.sub(plus.grads[x.name]!, minus.grads[x.name]!))))), 2 * epsilon),
    );
    values.push(vHv as tf.Scalar);
    tf.dispose([...repeated.kept, ...v, ...plusDelta, ...minusDelta, plus.value, minus.value, ...Object.values(plus.grads), ...Object.values(minus.grads)]);
  }
  return summarize(await readScalars(values));
}

/** Reads scalars back with one asynchronous transfer and disposes them. */
export async function readScalars(scalars: tf.Scalar[]): Promise<number[]> {
  if (scalars.length === 0) return [];
  const stacked = tf.stack(scalars);
  tf.dispose(scalars);
  try {
    return Array.from(await stacked.data());
  } finally {
    stacked.dispose();
  }
}

export function summarize(values: number[]): Estimate {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const variance = values.length > 1 ? values.reduce((a, b) => a + (b - mean) ** 2, 0) / (values.length - 1) : 0;
  return { mean, std: Math.sqrt(variance), samples: values };
}
