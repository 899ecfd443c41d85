import * as tf from '@tensorflow/tfjs-core';
import { StreamPurpose } from '../random/noiseStream';
import { GaussianSampler } from '../samplers/gaussianSampler';
import type { ScheduledValue } from '../schedules/scheduleFromConfig';
import type { IndexedVariable, Perturbation } from './perturbation';
import { gradientsAtPerturbedPoint, type LossAndGradients } from './perturbedGradients';
import type { StepContext } from './stepContext';

/** `layer`: one tensor per step (the paper's method); `all`: every tensor at σ/√K (the baseline). */
export type LayerwiseMode = 'layer' | 'all';
export const LAYERWISE_MODES: readonly LayerwiseMode[] = ['layer', 'all'];
/** How `layer` mode picks its tensor: `cyclic` (t mod K, the authors' code) or `random`. */
export type LayerChoice = 'cyclic' | 'random';
export const LAYER_CHOICES: readonly LayerChoice[] = ['cyclic', 'random'];

const gaussian = new GaussianSampler();

/**
 * Layer-wise perturbed gradients (Orvieto, Raj, Kersting, Bach, AISTATS 2023,
 * arXiv:2206.04613): the gradient is taken at `w + ξ`, the update applies to `w`.
 *
 * A "layer" is one parameter tensor, as in the authors' code: a dense layer's
 * kernel and bias are two layers, and `K` is the number of tensors being
 * trained in this call. In `layer` mode tensor `t mod K` (or a seeded random
 * one) gets `ξ = σ_t ε`; in `all` mode every tensor gets `(σ_t / √K) ε`, which
 * has the same expected Hessian-trace penalty but a gradient variance that
 * grows with width.
 */
export class LayerwisePerturbation implements Perturbation {
  readonly passesPerStep = 1;
  constructor(
    readonly sigma: ScheduledValue,
    readonly mode: LayerwiseMode,
    readonly choice: LayerChoice,
  ) {}

  /** Position, in this call's variable list, of the tensor `layer` mode perturbs at `step`. */
  chosenPosition(step: number, count: number, ctx: Pick<StepContext, 'stream'>): number {
    if (this.choice === 'cyclic') return step % count;
    return ctx.stream.seedFor(step, 0, StreamPurpose.choice) % count;
  }

  gradients(f: () => tf.Scalar, variables: readonly IndexedVariable[], ctx: StepContext): LossAndGradients {
    const sigma = this.sigma.at(ctx.step);
    const k = variables.length;
    const chosen = this.mode === 'layer' ? this.chosenPosition(ctx.step, k, ctx) : -1;
    const std = this.mode === 'layer' ? sigma : sigma / Math.sqrt(k);
    const deltas = variables.map((v, i) => {
      if (std === 0 || (this.mode === 'layer' && i !== chosen)) return null;
      return tf.tidy(() =>
        tf.mul(gaussian.sample(v.variable.shape, ctx.stream.seedFor(ctx.step, v.index, StreamPurpose.noise), ctx.step, ctx.stream.version), std),
      );
    });
    try {
      return gradientsAtPerturbedPoint(
        f,
        variables.map((v) => v.variable),
        deltas,
      );
    } finally {
      tf.dispose(deltas.filter((d): d is tf.Tensor => d !== null));
    }
  }
}
