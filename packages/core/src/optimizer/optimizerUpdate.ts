import * as tf from '@tensorflow/tfjs-core';
import type { NamedTensor } from './namedTensor';
import type { GradientEntry, StepContext } from './stepContext';
import type { UpdateRule } from './updateRule';
import { isOptimizer, optimizerFromConfig, type WrappedOptimizerConfig } from './wrappedOptimizerConfig';

const INNER_PREFIX = 'inner/';

/**
 * Hands the processed gradients to another tfjs optimizer (Adam, RMSProp,
 * `tf.train.sgd`, …), which keeps its own state. Its weights are saved after
 * the wrapper's, renamed `inner/...`: tfjs-layers decodes saved optimizer
 * weights through a name map, so two weights called `iter` would collide.
 * The update owns the optimizer: `dispose()` disposes it. (The same logic as
 * GradientNoise's delegate, here so that SAM, ASAM and the composition API's
 * `optimizerUpdate` share it.)
 */
export class OptimizerUpdate implements UpdateRule {
  constructor(public inner: tf.Optimizer) {}

  /** `{className, config}` of the wrapped optimizer, as configs store it. */
  innerConfig(): WrappedOptimizerConfig {
    return { className: this.inner.getClassName(), config: this.inner.getConfig() };
  }

  apply(gradients: tf.Tensor[], entries: readonly GradientEntry[], ctx: StepContext): void {
    const keep = ctx.guard(gradients);
    if (!keep) {
      this.inner.applyGradients(entries.map((e, i) => ({ name: e.variable.name, tensor: gradients[i]! })));
      return;
    }
    // 'skip', decided on the device. A tfjs optimizer writes by itself, so the
    // step is undone where it is not finite: the weights and the state it
    // already had go back to their values from before the step. It sees zero
    // gradients then, so any state it creates in this step keeps its initial
    // value (zeros, or Adagrad's constant: every tfjs optimizer's state is
    // unchanged by a zero gradient on its first step).
    const before = [...entries.map((e) => e.variable), ...innerStateVariables(this.inner)].map((v) => ({ v, old: tf.clone(v) }));
    const safe = tf.tidy(() => gradients.map((g) => tf.where(keep, g, tf.zerosLike(g))));
    try {
      this.inner.applyGradients(entries.map((e, i) => ({ name: e.variable.name, tensor: safe[i]! })));
      for (const { v, old } of before) {
        const restored = tf.tidy(() => tf.where(keep, v, old));
        v.assign(restored);
        restored.dispose();
      }
    } finally {
      tf.dispose([keep, ...safe, ...before.map((b) => b.old)]);
    }
  }

  async getWeights(): Promise<NamedTensor[]> {
    const own = (await this.inner.getWeights()).map((w) => ({ name: INNER_PREFIX + w.name, tensor: w.tensor }));
    // tfjs optimizers rebuild some scalar state in setWeights from the
    // iteration count (Adam: accBeta = beta^(t+1) by pow, not the running
    // product), which differs in the last bits; saving it keeps resume exact.
    const scalars = innerScalarState(this.inner).map(([key, v]) => ({ name: `${INNER_STATE_PREFIX}${key}`, tensor: tf.clone(v) }));
    return [...own, ...scalars];
  }

  async prepareRestore(weights: NamedTensor[], owner: string): Promise<() => void> {
    const scalarNames = new Set(innerScalarState(this.inner).map(([key]) => `${INNER_STATE_PREFIX}${key}`));
    const innerWeights = weights.filter((w) => !w.name.startsWith(INNER_STATE_PREFIX));
    const scalars = weights.filter((w) => w.name.startsWith(INNER_STATE_PREFIX));
    for (const w of innerWeights) {
      if (!w.name.startsWith(INNER_PREFIX)) {
        throw new Error(`${owner}: weight "${w.name}" after the slots is not the wrapped optimizer's (its weights are named "${INNER_PREFIX}...").`);
      }
    }
    for (const w of scalars) {
      if (!scalarNames.has(w.name) || w.tensor.size !== 1) {
        throw new Error(`${owner}: weight "${w.name}" is not scalar state of the wrapped ${this.inner.getClassName()}.`);
      }
    }
    // Restore into a fresh copy first: a tfjs optimizer's setWeights changes
    // state before it fails, and the wrapper must stay as it was on error.
    const fresh = tf.serialization.SerializationMap.getMap().classNameMap[this.inner.getClassName()];
    if (!fresh) throw new Error(`${owner}: the wrapped optimizer class ${this.inner.getClassName()} is not registered.`);
    const copy = fresh[1](fresh[0], this.inner.getConfig()) as tf.Optimizer;
    try {
      await copy.setWeights(innerWeights.map((w) => ({ name: w.name.slice(INNER_PREFIX.length), tensor: w.tensor })));
      const state = new Map(innerScalarState(copy));
      for (const w of scalars) {
        const target = state.get(w.name.slice(INNER_STATE_PREFIX.length))!;
        const value = tf.tidy(() => tf.reshape(tf.cast(w.tensor, target.dtype), target.shape));
        target.assign(value);
        value.dispose();
      }
    } catch (e) {
      copy.dispose();
      throw new Error(`${owner}: the wrapped ${this.inner.getClassName()} rejected its saved weights: ${(e as Error).message}`);
    }
    return () => {
      this.inner.dispose();
      this.inner = copy;
    };
  }

  dispose(): void {
    this.inner.dispose();
  }
}

const INNER_STATE_PREFIX = 'inner-state/';

/** Scalar tf.Variables a tfjs optimizer keeps as its own fields (Adam's accBeta1/2, Adamax's iteration). */
function innerScalarState(opt: tf.Optimizer): Array<[string, tf.Variable]> {
  return Object.entries(opt)
    .filter((entry): entry is [string, tf.Variable] => entry[1] instanceof tf.Variable && entry[1].rank === 0)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/** Every tf.Variable a tfjs optimizer holds: scalar fields and its per-variable slot arrays. */
function innerStateVariables(opt: tf.Optimizer): tf.Variable[] {
  const out: tf.Variable[] = [];
  for (const value of Object.values(opt)) {
    if (value instanceof tf.Variable) out.push(value);
    else if (Array.isArray(value)) {
      for (const item of value) {
        const v = (item as { variable?: unknown } | null)?.variable;
        if (v instanceof tf.Variable) out.push(v);
      }
    }
  }
  return out;
}


/** Accepts a tf.Optimizer, or `{className, config}` of a registered optimizer class (validated: configs may be untrusted). */
export function toOptimizer(owner: string, value: unknown): tf.Optimizer {
  return isOptimizer(value) ? value : optimizerFromConfig(owner, value);
}
