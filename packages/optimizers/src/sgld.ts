import * as tf from '@tensorflow/tfjs-core';
import {
  BASE_OPTION_KEYS,
  NoisyOptimizer,
  checkOptions,
  langevinSettings,
  type LangevinUpdateOptions,
  type NoisyOptimizerBaseOptions,
  type NonFinitePolicy,
  type ScalarOrScheduleConfig,
} from '@tfjs-noise/core';

export type SGLDOptions = NoisyOptimizerBaseOptions & LangevinUpdateOptions;

export type SGLDConfig = {
  learningRate: ScalarOrScheduleConfig;
  temperature: ScalarOrScheduleConfig;
  preconditioned: boolean;
  beta: number;
  epsilon: number;
  seed: number;
  nonFinite: NonFinitePolicy;
};

/**
 * Stochastic gradient Langevin dynamics (Welling & Teh, "Bayesian Learning via
 * Stochastic Gradient Langevin Dynamics", ICML 2011):
 * `w ← w − lr_t ∇U(w) + √(2 · lr_t · T_t) ε`, `ε ~ N(0, I)` from the seeded stream.
 *
 * `learningRate` and `temperature` are numbers or schedules (Welling & Teh
 * decay the step as `a(b + t)^−γ`: `polynomialDecay`). With
 * `preconditioned: true` it is pSGLD (Li, Chen, Carlson, Carin, AAAI 2016,
 * arXiv:1512.07666): `V ← βV + (1−β)g²`, `G = 1/(ε + √V)`, drift `lr·G·g`,
 * noise `√(2·lr·T·G) ε` (the Γ correction is omitted, as in the authors'
 * experiments); `V` is a slot (one copy of the weights).
 *
 * `U` is the loss you minimise. To sample the Bayesian posterior
 * `p(w | data) ∝ exp(−U)` when the loss is a mean over N examples
 * (`U = N · L`), either multiply the loss by N, or keep the mean loss and use
 * `learningRate: N · lr` with `temperature: 1 / N`: both give
 * `w − N·lr·∇L + √(2·lr) ε`, the same chain.
 * The weights after each step are one sample; average predictions over
 * samples, not the weights. One pass per step.
 *
 * @example
 * ```ts
 * const opt = new SGLD({ learningRate: polynomialDecay({ scale: 1e-3, power: 0.55 }), temperature: 1 / 60000, seed: 7 });
 * ```
 */
export class SGLD extends NoisyOptimizer {
  static get className(): string {
    return 'SGLD';
  }

  constructor(options?: SGLDOptions) {
    const o = checkOptions('SGLD', options, ['learningRate', 'temperature', 'preconditioned', 'beta', 'epsilon', ...BASE_OPTION_KEYS]);
    super(o);
    const { learningRate, temperature, preconditioned, beta, epsilon } = o;
    const { update, config } = langevinSettings(this.getClassName(), { learningRate, temperature, preconditioned, beta, epsilon });
    this.compose({ transforms: [], update }, config);
  }
}

tf.serialization.registerClass(SGLD);
