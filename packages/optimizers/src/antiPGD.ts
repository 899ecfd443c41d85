import * as tf from '@tensorflow/tfjs-core';
import {
  BASE_OPTION_KEYS,
  NoisyOptimizer,
  antiCorrelatedSettings,
  checkOptions,
  type AntiCorrelatedUpdateOptions,
  type NoisyOptimizerBaseOptions,
  type NonFinitePolicy,
  type SamplerConfig,
  type ScalarOrScheduleConfig,
} from '@tfjs-noise/core';

export type AntiPGDOptions = NoisyOptimizerBaseOptions & AntiCorrelatedUpdateOptions;

export type AntiPGDConfig = {
  learningRate: ScalarOrScheduleConfig;
  noise: ScalarOrScheduleConfig;
  sampler: SamplerConfig;
  seed: number;
  nonFinite: NonFinitePolicy;
};

/**
 * Anti-correlated perturbed gradient descent (Orvieto, Kersting, Proske, Bach,
 * Lucchi, "Anticorrelated Noise Injection for Improved Generalization", ICML
 * 2022, arXiv:2202.02831):
 *
 * `w_{t+1} = w_t − lr ∇L(w_t) + (ξ_{t+1} − ξ_t)`, `ξ_t = σ_t s_t`, `s_t` i.i.d.
 * Rademacher ±1 by default (the theory's choice; any sampler may be given).
 *
 * The noise is in weight space: it is not multiplied by the learning rate, not
 * added to the gradient, and σ is applied once. Consecutive increments are
 * anti-correlated, so the noise does not accumulate (it telescopes:
 * `w_T = w_0 − Σ lr ∇L + ξ_T − ξ_0`); in expectation the method adds a
 * Hessian-trace penalty `(σ²/2)·Tr ∇²L` at the smoothed point `z_t = w_t − ξ_t`
 * and finds flatter minima than GD or uncorrelated perturbed GD (PGD).
 * ξ_t is kept as a slot (one copy of the weights), so a restored optimizer
 * continues bit for bit. One pass per step; works with `applyGradients` too.
 *
 * @example
 * ```ts
 * const opt = new AntiPGD({ learningRate: 0.05, noise: 0.01, seed: 1 });
 * model.compile({ optimizer: opt, loss: 'meanSquaredError' });
 * ```
 */
export class AntiPGD extends NoisyOptimizer {
  static get className(): string {
    return 'AntiPGD';
  }

  constructor(options?: AntiPGDOptions) {
    const o = checkOptions('AntiPGD', options, ['learningRate', 'noise', 'sampler', ...BASE_OPTION_KEYS]);
    super(o);
    const { learningRate, noise, sampler } = o;
    const { update, config } = antiCorrelatedSettings(this.getClassName(), { learningRate, noise, sampler });
    this.compose({ transforms: [], update }, config);
  }
}

tf.serialization.registerClass(AntiPGD);
