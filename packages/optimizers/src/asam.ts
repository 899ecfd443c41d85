import * as tf from '@tensorflow/tfjs-core';
import {
  ScheduledValue,
  SharpnessAwarePerturbation,
  checkNumber,
  checkOptions,
  BASE_OPTION_KEYS,
  type NoisyOptimizerBaseOptions,
  type NonFinitePolicy,
  type WrappedOptimizerConfig,
  type ScalarOrSchedule,
  type ScalarOrScheduleConfig,
} from '@tfjs-noise/core';
import { WrappingOptimizer } from './wrappingOptimizer';

export type ASAMOptions = NoisyOptimizerBaseOptions & {
  /** The base optimizer (any tfjs optimizer). */
  optimizer: tf.Optimizer | WrappedOptimizerConfig;
  /** Radius ρ of the weight-scaled neighbourhood, a number or a schedule; default 0.5 (Kwon et al. use 0.5–2 with SGD). */
  rho?: ScalarOrSchedule | ScalarOrScheduleConfig;
  /** η in `T_w = |w| + η`, >= 0; default 0.01. */
  eta?: number;
};

export type ASAMConfig = { optimizer: WrappedOptimizerConfig; rho: ScalarOrScheduleConfig; eta: number; seed: number; nonFinite: NonFinitePolicy };

/**
 * Adaptive sharpness-aware minimisation (Kwon, Kim, Park, Choi, "ASAM: Adaptive
 * Sharpness-Aware Minimization for Scale-Invariant Learning of Deep Neural
 * Networks", ICML 2021, arXiv:2102.11600).
 *
 * As {@link SAM}, with the ascent step scaled element-wise by the weights:
 * `e = ρ T_w² g / (‖T_w g‖ + 1e-12)`, `T_w = |w| + η`. The neighbourhood then
 * scales with each weight, so the sharpness it measures does not change when a
 * layer's weights are rescaled. Every tensor, biases included, is scaled
 * (Kwon et al.'s code scales only tensors named `weight`). Same cost and
 * caveats as SAM: two passes per step, needs the loss.
 *
 * @example
 * ```ts
 * const opt = withASAM(tf.train.momentum(0.1, 0.9), { rho: 1.0, eta: 0.01 });
 * ```
 */
export class ASAM extends WrappingOptimizer {
  static get className(): string {
    return 'ASAM';
  }

  constructor(options: ASAMOptions) {
    const o = checkOptions('ASAM', options, ['optimizer', 'rho', 'eta', ...BASE_OPTION_KEYS]);
    super(o, o.optimizer);
    const owner = this.getClassName();
    const rho = new ScheduledValue(owner, 'rho', o.rho ?? 0.5);
    const eta = checkNumber(owner, 'eta', o.eta ?? 0.01, { min: 0 });
    const update = this.delegate;
    this.compose(
      { transforms: [], update, perturbation: new SharpnessAwarePerturbation(rho, eta) },
      { optimizer: update.innerConfig(), rho: rho.toConfig(), eta },
    );
  }
}

tf.serialization.registerClass(ASAM);

/** `new ASAM({ ...options, optimizer })`. */
export function withASAM(optimizer: tf.Optimizer, options: Omit<ASAMOptions, 'optimizer'> = {}): ASAM {
  return new ASAM({ ...options, optimizer });
}
