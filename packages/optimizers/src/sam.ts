import * as tf from '@tensorflow/tfjs-core';
import {
  ScheduledValue,
  SharpnessAwarePerturbation,
  checkOptions,
  BASE_OPTION_KEYS,
  type NoisyOptimizerBaseOptions,
  type NonFinitePolicy,
  type WrappedOptimizerConfig,
  type ScalarOrSchedule,
  type ScalarOrScheduleConfig,
} from '@tfjs-noise/core';
import { WrappingOptimizer } from './wrappingOptimizer';

export type SAMOptions = NoisyOptimizerBaseOptions & {
  /** The base optimizer that applies the gradient taken at `w + e` (any tfjs optimizer, e.g. `tf.train.sgd(0.1)`). */
  optimizer: tf.Optimizer | WrappedOptimizerConfig;
  /** Neighbourhood radius ρ, a number or a schedule; default 0.05 (Foret et al.). */
  rho?: ScalarOrSchedule | ScalarOrScheduleConfig;
};

export type SAMConfig = { optimizer: WrappedOptimizerConfig; rho: ScalarOrScheduleConfig; seed: number; nonFinite: NonFinitePolicy };

/**
 * Sharpness-aware minimisation (Foret, Kleiner, Mobahi, Neyshabur, "Sharpness-Aware
 * Minimization for Efficiently Improving Generalization", ICLR 2021, arXiv:2010.01412).
 *
 * Each step: `g = ∇L(w)`; ascent `e = ρ g / (‖g‖ + 1e-12)` (global L2 norm over
 * all trained tensors); `g_SAM = ∇L(w + e)`; the weights are restored exactly
 * (copied back, not `w + e − e`), and the wrapped optimizer applies `g_SAM` to `w`.
 *
 * Cost: two forward/backward passes per step and one copy of the weights.
 * Needs the loss, so use `minimize` or `model.fit`; a direct `applyGradients`
 * call throws. Under `model.fit`, the reported loss and metrics are those of
 * the first pass (at `w`); BatchNormalization moving statistics are updated by
 * both passes. The wrapper owns the wrapped optimizer: `dispose()` disposes both.
 * SAM draws no noise; `seed` exists only for the shared optimizer state.
 *
 * @example
 * ```ts
 * const opt = new SAM({ optimizer: tf.train.momentum(0.1, 0.9), rho: 0.05 });
 * model.compile({ optimizer: opt, loss: 'categoricalCrossentropy' });
 * await model.fit(xs, ys, { epochs: 5 });
 * ```
 */
export class SAM extends WrappingOptimizer {
  static get className(): string {
    return 'SAM';
  }

  constructor(options: SAMOptions) {
    const o = checkOptions('SAM', options, ['optimizer', 'rho', ...BASE_OPTION_KEYS]);
    super(o, o.optimizer);
    const owner = this.getClassName();
    const rho = new ScheduledValue(owner, 'rho', o.rho ?? 0.05);
    const update = this.delegate;
    this.compose(
      { transforms: [], update, perturbation: new SharpnessAwarePerturbation(rho, null) },
      { optimizer: update.innerConfig(), rho: rho.toConfig() },
    );
  }
}

tf.serialization.registerClass(SAM);

/** `new SAM({ ...options, optimizer })`. */
export function withSAM(optimizer: tf.Optimizer, options: Omit<SAMOptions, 'optimizer'> = {}): SAM {
  return new SAM({ ...options, optimizer });
}
