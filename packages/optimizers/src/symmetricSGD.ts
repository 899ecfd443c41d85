import * as tf from '@tensorflow/tfjs-core';
import {
  MAGNITUDE_SCALES,
  BASE_OPTION_KEYS,
  NoisyOptimizer,
  SYMMETRIC_MODES,
  ScheduledValue,
  SymmetricPerturbation,
  checkOneOf,
  checkOptions,
  type MagnitudeScale,
  type NoisyOptimizerBaseOptions,
  type NonFinitePolicy,
  type ScalarOrSchedule,
  type ScalarOrScheduleConfig,
  type SymmetricMode,
} from '@tfjs-noise/core';
import { SGD_OPTION_KEYS, sgdUpdate, type SgdConfig, type SgdOptions } from './sgdOptions';

export type SymmetricSGDOptions = SgdOptions &
  NoisyOptimizerBaseOptions & {
    /**
     * Magnitude `m_t` of the weight noise, a number or a schedule; default
     * 0.01. With `scale: 'relative'` each element moves by `m_t · RMS(W)`.
     */
    noise?: ScalarOrSchedule | ScalarOrScheduleConfig;
    /**
     * `'two-point'` (default, two passes), `'alternating'` (one pass, ±n on
     * consecutive steps), or `'one-sided'` (one pass at `w + n`, the asymmetric baseline).
     */
    mode?: SymmetricMode;
    /** `'relative'` (default): magnitude × each tensor's RMS; `'absolute'`: magnitude as is. */
    scale?: MagnitudeScale;
  };

export type SymmetricSGDConfig = SgdConfig & {
  noise: ScalarOrScheduleConfig;
  mode: SymmetricMode;
  scale: MagnitudeScale;
  seed: number;
  nonFinite: NonFinitePolicy;
};

/**
 * SGD with symmetric weight noise (Sung et al. 2020, arXiv:2009.02479): the
 * loss is evaluated at the two adjacent points `w + n` and `w − n`, with `n`
 * of fixed magnitude and random sign (Rademacher), and the base update applies
 * to the unperturbed `w`. The paper reports the largest gains with large batches.
 *
 * - `two-point`: `g = ½(∇L(w + n) + ∇L(w − n))`. Two forward/backward passes per step.
 * - `alternating`: step 2k uses `w + n_k`, step 2k+1 uses `w − n_k`. One pass per step.
 *
 * Needs the loss, so it works through `minimize` and `model.fit` (which call
 * `computeGradients`); a direct `applyGradients` call throws. Extra memory: one
 * copy of the weights for the perturbed point, plus one scalar per tensor in
 * alternating mode. Two-point mode runs the model twice per step, so
 * BatchNormalization moving statistics are updated twice per step, and
 * `model.fit` reports the metrics of the `w + n` pass and the mean loss of both;
 * `model.trainOnBatch` returns `[loss, ...metrics of w + n, ...metrics of w − n]`
 * (tfjs-layers computes metrics inside the loss closure, which runs twice).
 *
 * @example
 * ```ts
 * const opt = new SymmetricSGD({ learningRate: 0.1, noise: 0.01, momentum: 0.9 });
 * model.compile({ optimizer: opt, loss: 'categoricalCrossentropy' });
 * ```
 */
export class SymmetricSGD extends NoisyOptimizer {
  static get className(): string {
    return 'SymmetricSGD';
  }

  constructor(options?: SymmetricSGDOptions) {
    const o = checkOptions('SymmetricSGD', options, [...SGD_OPTION_KEYS, ...BASE_OPTION_KEYS, 'noise', 'mode', 'scale']);
    super(o);
    const owner = this.getClassName();
    const { update, config: sgd } = sgdUpdate(owner, o);
    const noise = new ScheduledValue(owner, 'noise', o.noise ?? 0.01);
    const mode = checkOneOf(owner, 'mode', o.mode ?? 'two-point', SYMMETRIC_MODES);
    const scale = checkOneOf(owner, 'scale', o.scale ?? 'relative', MAGNITUDE_SCALES);
    this.compose(
      { transforms: [], update, perturbation: new SymmetricPerturbation(noise, mode, scale) },
      { ...sgd, noise: noise.toConfig(), mode, scale },
    );
  }
}

tf.serialization.registerClass(SymmetricSGD);
