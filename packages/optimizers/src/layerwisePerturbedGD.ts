import * as tf from '@tensorflow/tfjs-core';
import {
  LAYERWISE_MODES,
  LAYER_CHOICES,
  LayerwisePerturbation,
  BASE_OPTION_KEYS,
  NoisyOptimizer,
  ScheduledValue,
  checkOneOf,
  checkOptions,
  type LayerChoice,
  type LayerwiseMode,
  type NoisyOptimizerBaseOptions,
  type NonFinitePolicy,
  type ScalarOrSchedule,
  type ScalarOrScheduleConfig,
} from '@tfjs-noise/core';
import { SGD_OPTION_KEYS, sgdUpdate, type SgdConfig, type SgdOptions } from './sgdOptions';

export type LayerwisePerturbedGDOptions = SgdOptions &
  NoisyOptimizerBaseOptions & {
    /** Perturbation std σ_t, a number or a schedule; default 0.03 (the authors' code). */
    noise?: ScalarOrSchedule | ScalarOrScheduleConfig;
    /** `'layer'` (default): one tensor per step; `'all'`: every tensor at σ/√K. */
    mode?: LayerwiseMode;
    /** How `layer` mode picks the tensor: `'cyclic'` (default, t mod K) or `'random'` (seeded). */
    choice?: LayerChoice;
  };

export type LayerwisePerturbedGDConfig = SgdConfig & {
  noise: ScalarOrScheduleConfig;
  mode: LayerwiseMode;
  choice: LayerChoice;
  seed: number;
  nonFinite: NonFinitePolicy;
};

/**
 * Layer-wise perturbed gradient descent (Orvieto, Raj, Kersting, Bach,
 * "Explicit Regularization in Overparametrized Models via Noise Injection",
 * AISTATS 2023, arXiv:2206.04613): `w_{t+1} = w_t − lr ∇L(w_t + ξ_t)`.
 *
 * In expectation this minimises `L(w) + (σ²/2)·Tr ∇²L` restricted to the
 * perturbed block: an explicit Hessian-trace regulariser. `layer` mode
 * perturbs one parameter tensor per step (`ξ = σ_t ε` on tensor `t mod K`);
 * `all` mode perturbs every tensor with `σ_t/√K`, the same expected penalty but
 * a gradient variance that grows with width. The authors trained with momentum
 * 0.9, weight decay 5e-4, lr 0.01, σ = 0.03; here momentum and weight decay
 * default to 0 like the other optimizers.
 *
 * Cost: one pass per step plus one copy of the perturbed tensor(s). Needs the
 * loss: use `minimize` or `model.fit`; a direct `applyGradients` call throws.
 *
 * @example
 * ```ts
 * const opt = new LayerwisePerturbedGD({ learningRate: 0.01, noise: 0.03, momentum: 0.9, weightDecay: 5e-4 });
 * ```
 */
export class LayerwisePerturbedGD extends NoisyOptimizer {
  static get className(): string {
    return 'LayerwisePerturbedGD';
  }

  constructor(options?: LayerwisePerturbedGDOptions) {
    const o = checkOptions('LayerwisePerturbedGD', options, [...SGD_OPTION_KEYS, ...BASE_OPTION_KEYS, 'noise', 'mode', 'choice']);
    super(o);
    const owner = this.getClassName();
    const { update, config: sgd } = sgdUpdate(owner, o);
    const noise = new ScheduledValue(owner, 'noise', o.noise ?? 0.03);
    const mode = checkOneOf(owner, 'mode', o.mode ?? 'layer', LAYERWISE_MODES);
    const choice = checkOneOf(owner, 'choice', o.choice ?? 'cyclic', LAYER_CHOICES);
    this.compose(
      { transforms: [], update, perturbation: new LayerwisePerturbation(noise, mode, choice) },
      { ...sgd, noise: noise.toConfig(), mode, choice },
    );
  }
}

tf.serialization.registerClass(LayerwisePerturbedGD);
