import * as tf from '@tensorflow/tfjs-core';
import { InvalidOptionError } from '../validation';
import type { NamedTensor } from './namedTensor';
import type { GradientEntry, StepContext } from './stepContext';
import type { UpdateRule } from './updateRule';

/** Serialized form of a tfjs optimizer: its registered class name and its config. */
export type OptimizerConfigDict = { className: string; config: tf.serialization.ConfigDict };

const INNER_PREFIX = 'inner/';

/**
 * Hands the processed gradients to another tfjs optimizer (Adam, RMSProp,
 * `tf.train.sgd`, …), which keeps its own state. Its weights are saved after
 * the wrapper's, renamed `inner/...`: tfjs-layers decodes saved optimizer
 * weights through a name map, so two weights called `iter` would collide.
 * The update takes ownership of the optimizer: `dispose()` disposes it.
 */
export class OptimizerUpdate implements UpdateRule {
  constructor(readonly inner: tf.Optimizer) {}
  apply(gradients: tf.Tensor[], entries: readonly GradientEntry[], ctx: StepContext): void {
    if (!ctx.checkFinite(gradients)) return;
    this.inner.applyGradients(entries.map((e, i) => ({ name: e.variable.name, tensor: gradients[i]! })));
  }
  /** `{className, config}` of the wrapped optimizer. */
  innerConfig(): OptimizerConfigDict {
    return { className: this.inner.getClassName(), config: this.inner.getConfig() };
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

/** Accepts a tf.Optimizer, or `{className, config}` of a registered optimizer class (what `getConfig` stores). */
export function toOptimizer(owner: string, parameter: string, value: unknown): tf.Optimizer {
  // tf.Optimizer's Symbol.hasInstance reads `.minimize`, so undefined and null must be ruled out first.
  if (typeof value === 'object' && value !== null && value instanceof tf.Optimizer) return value;
  const c = value as Partial<OptimizerConfigDict> | null;
  const registered = typeof c?.className === 'string' ? tf.serialization.SerializationMap.getMap().classNameMap[c.className] : undefined;
  if (!registered || (c!.config !== undefined && (typeof c!.config !== 'object' || c!.config === null))) {
    throw new InvalidOptionError(
      owner,
      parameter,
      value,
      'a tf.Optimizer (e.g. tf.train.adam(0.001)) or {className, config} of a registered optimizer class',
    );
  }
  const [cls, fromConfig] = registered;
  return fromConfig(cls, c!.config ?? {}) as tf.Optimizer;
}
