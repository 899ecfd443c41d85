import * as tf from '@tensorflow/tfjs-core';
import {
  InvalidOptionError,
  NoisyOptimizer,
  annealedVarianceSchedule,
  checkOptions,
  gaussianSampler,
  toSampler,
  type GradientEntry,
  type NamedTensor,
  type NoisyOptimizerBaseOptions,
  type NonFinitePolicy,
  type Sampler,
  type SamplerConfig,
  type ScalarOrScheduleConfig,
  type StepContext,
  type UpdateRule,
} from '@tfjs-noise/core';
import { gradientNoiseTransforms, type GradientNoiseSettings } from './gradientNoiseOptions';

/** Serialized form of a wrapped tfjs optimizer. */
export type WrappedOptimizerConfig = { className: string; config: tf.serialization.ConfigDict };

export type GradientNoiseOptions = NoisyOptimizerBaseOptions &
  GradientNoiseSettings & {
    /** Unit noise distribution; default Gaussian. */
    sampler?: Sampler | SamplerConfig;
  };

export type GradientNoiseConfig = {
  optimizer: WrappedOptimizerConfig;
  noise: ScalarOrScheduleConfig;
  sampler: SamplerConfig;
  clipNorm: number | null;
  seed: number;
  nonFinite: NonFinitePolicy;
};

const INNER_PREFIX = 'inner/';

/**
 * Hands noisy gradients to another tfjs optimizer, which keeps its own state.
 * Its weights are saved after the wrapper's, renamed `inner/...`: tfjs-layers
 * decodes saved optimizer weights through a name map, so two weights called
 * `iter` would collide.
 */
class DelegateUpdate implements UpdateRule {
  constructor(readonly inner: tf.Optimizer) {}
  apply(gradients: tf.Tensor[], entries: readonly GradientEntry[], ctx: StepContext): void {
    if (!ctx.checkFinite(gradients)) return;
    this.inner.applyGradients(entries.map((e, i) => ({ name: e.variable.name, tensor: gradients[i]! })));
  }
  async getWeights(): Promise<NamedTensor[]> {
    return (await this.inner.getWeights()).map((w) => ({ name: INNER_PREFIX + w.name, tensor: w.tensor }));
  }
  async setWeights(weights: NamedTensor[]): Promise<void> {
    await this.inner.setWeights(
      weights.map((w) => ({ name: w.name.startsWith(INNER_PREFIX) ? w.name.slice(INNER_PREFIX.length) : w.name, tensor: w.tensor })),
    );
  }
  dispose(): void {
    this.inner.dispose();
  }
}

function innerOptimizer(value: unknown): tf.Optimizer {
  if (value instanceof tf.Optimizer) return value;
  const c = value as Partial<WrappedOptimizerConfig> | null;
  const registered = typeof c?.className === 'string' ? tf.serialization.SerializationMap.getMap().classNameMap[c.className] : undefined;
  if (!registered) {
    throw new InvalidOptionError(
      'GradientNoise',
      'optimizer',
      value,
      'a tf.Optimizer (e.g. tf.train.adam(0.001)) or {className, config} of a registered optimizer class',
    );
  }
  const [cls, fromConfig] = registered;
  return fromConfig(cls, c!.config ?? {}) as tf.Optimizer;
}

/**
 * Adds gradient noise to any tfjs optimizer (Adam, RMSProp, …): gradients are
 * clipped (optionally), noise `σ_t ε` is added, and the result goes to the
 * wrapped optimizer, whose own update, state and serialization stay intact.
 * Neelakantan et al. used Adam for most of their experiments.
 *
 * The wrapper takes ownership of the wrapped optimizer: `dispose()` disposes both.
 *
 * @example
 * ```ts
 * const opt = withGradientNoise(tf.train.adam(1e-3), { noise: annealedVarianceSchedule({ eta: 0.3 }) });
 * model.compile({ optimizer: opt, loss: 'meanSquaredError' });
 * ```
 */
export class GradientNoise extends NoisyOptimizer {
  static get className(): string {
    return 'GradientNoise';
  }
  readonly inner: tf.Optimizer;

  constructor(options: GradientNoiseOptions & { optimizer: tf.Optimizer | WrappedOptimizerConfig }) {
    const o = checkOptions('GradientNoise', options);
    super(o);
    const owner = this.getClassName();
    this.inner = innerOptimizer(o.optimizer);
    const sampler = toSampler(owner, 'sampler', o.sampler ?? gaussianSampler());
    const noise = gradientNoiseTransforms(owner, o, sampler, annealedVarianceSchedule({ eta: 0.01, gamma: 0.55 }));
    const optimizer: WrappedOptimizerConfig = { className: this.inner.getClassName(), config: this.inner.getConfig() };
    this.compose(
      { transforms: noise.transforms, update: new DelegateUpdate(this.inner) },
      { optimizer, ...noise.config, sampler: sampler.getConfig() },
    );
  }
}

tf.serialization.registerClass(GradientNoise);

/** `new GradientNoise({ optimizer, ...options })`. */
export function withGradientNoise(optimizer: tf.Optimizer, options: GradientNoiseOptions = {}): GradientNoise {
  return new GradientNoise({ ...options, optimizer });
}
