import * as tf from '@tensorflow/tfjs-core';
import { NoiseStream } from '../random/noiseStream';
import { checkStreamVersion } from '../random/streamVersion';
import { checkOneOf } from '../validation';
import { NON_FINITE_POLICIES, NonFiniteUpdateError, allFinite, type NonFinitePolicy } from './finiteGuard';
import type { GradientTransform } from './gradientTransform';
import type { NamedTensor } from './namedTensor';
import type { Perturbation } from './perturbation';
import { resolveVariables, type LossAndGradients } from './perturbedGradients';
import { SlotStore } from './slotStore';
import type { GradientEntry, StepContext } from './stepContext';
import type { UpdateRule } from './updateRule';
import { VariableRegistry } from './variableRegistry';

/** The pieces a noisy optimizer is composed of. */
export type NoisyOptimizerParts = {
  /** Gradient stages before the update (clipping, then additive noise). */
  transforms: GradientTransform[];
  update: UpdateRule;
  /** Weight-space noise taken inside `computeGradients`; omit for gradient-noise optimizers. */
  perturbation?: Perturbation;
};

/** Options every noisy optimizer accepts. */
export type NoisyOptimizerBaseOptions = {
  /** Base seed of the noise stream; random when omitted (and then kept in `getWeights`). */
  seed?: number;
  /** What to do with a step that would write NaN or infinity. Default `'throw'`. */
  nonFinite?: NonFinitePolicy;
};

const STATE_NAMES = ['noise/seed', 'noise/skipped', 'noise/slot-index'] as const;
/**
 * Optional weight right after `noise/slot-index`: the NoiseStreamVersion.
 * States saved by 0.1.0 lack it and load as version 1 (the polar stream), so
 * they resume bit for bit; getWeights always writes it.
 */
const STREAM_VERSION_NAME = 'noise/stream-version';

/**
 * Base of every optimizer in this library: a tfjs `Optimizer` composed of an
 * optional weight perturbation, gradient transforms and an update rule.
 *
 * It owns what they share: the seeded {@link NoiseStream}; the variable
 * registry that keys noise and slots; the slots; the finite guard; and the
 * state layout of `getWeights`, which is
 * `[iter, noise/seed, noise/skipped, noise/slot-index, noise/stream-version, ...slots, ...update rule's]`
 * so a restored optimizer continues the same noise stream bit for bit.
 */
export abstract class NoisyOptimizer extends tf.Optimizer {
  protected stream: NoiseStream;
  protected readonly nonFinite: NonFinitePolicy;
  protected readonly registry = new VariableRegistry();
  protected readonly slots = new SlotStore();
  private skipped = 0;
  /** Step whose gradients `computeGradients` took at a perturbed point and `applyGradients` has not yet used. */
  private pendingPerturbedStep: number | null = null;
  private parts!: NoisyOptimizerParts;
  private ownConfig: tf.serialization.ConfigDict = {};

  protected constructor(options: NoisyOptimizerBaseOptions) {
    super();
    this.stream = new NoiseStream(options.seed);
    this.nonFinite = checkOneOf(this.getClassName(), 'nonFinite', options.nonFinite ?? 'throw', NON_FINITE_POLICIES);
  }

  /**
   * Called once by each subclass constructor, after validating its options:
   * the pieces this optimizer is made of, and the config that rebuilds it
   * (`seed` and `nonFinite` are added by `getConfig`).
   */
  protected compose(parts: NoisyOptimizerParts, config: tf.serialization.ConfigDict): void {
    this.parts = parts;
    this.ownConfig = config;
  }

  /** Plain JSON; `new Class(getConfig())` (what `fromConfig` does) rebuilds this optimizer. */
  override getConfig(): tf.serialization.ConfigDict {
    return structuredClone({ ...this.ownConfig, seed: this.seed, nonFinite: this.nonFinite });
  }

  /** The base seed of the noise stream (a uint32). */
  get seed(): number {
    return this.stream.seed;
  }

  /** Steps skipped under `nonFinite: 'skip'`. */
  get skippedSteps(): number {
    return this.skipped;
  }

  /** Forward/backward passes this optimizer makes per step. */
  get passesPerStep(): number {
    return this.parts.perturbation?.passesPerStep ?? 1;
  }

  override computeGradients(f: () => tf.Scalar, varList?: tf.Variable[]): LossAndGradients {
    const perturbation = this.parts.perturbation;
    if (!perturbation) return super.computeGradients(f, varList);
    const variables = resolveVariables(varList).map((variable) => ({ variable, index: this.registry.indexOf(variable.name) }));
    const result = perturbation.gradients(f, variables, this.context());
    this.pendingPerturbedStep = this.iterations;
    return result;
  }

  override applyGradients(variableGradients: tf.NamedTensorMap | NamedTensor[]): void {
    if (this.parts.perturbation) {
      if (this.pendingPerturbedStep !== this.iterations) {
        throw new Error(
          `${this.getClassName()}.applyGradients: these gradients were not taken at this optimizer's perturbed weights. ` +
            `Use minimize(), model.fit(), or computeGradients() followed by applyGradients(); ` +
            `a direct applyGradients() call cannot perturb the weights before the gradient is taken.`,
        );
      }
      this.pendingPerturbedStep = null;
    }
    const entries = this.collect(variableGradients);
    const ctx = this.context();
    const inputs = entries.map((e) => e.gradient);
    const processed = tf.tidy(() => this.parts.transforms.reduce((gs, t) => t.transform(gs, entries, ctx), inputs));
    try {
      this.parts.update.apply(processed, entries, ctx);
    } finally {
      // Transforms may pass inputs through unchanged; those belong to the caller.
      processed.forEach((g, i) => {
        if (g !== inputs[i]) g.dispose();
      });
    }
    this.incrementIterations();
  }

  private collect(variableGradients: tf.NamedTensorMap | NamedTensor[]): GradientEntry[] {
    const named = Array.isArray(variableGradients)
      ? variableGradients
      : Object.keys(variableGradients).map((name) => ({ name, tensor: variableGradients[name]! }));
    const entries: GradientEntry[] = [];
    for (const { name, tensor } of named) {
      // tfjs passes null for variables the loss does not depend on; they are left as they are.
      if (tensor == null) continue;
      const variable = tf.engine().registeredVariables[name];
      if (!variable) throw new Error(`${this.getClassName()}.applyGradients: no variable named "${name}" is registered.`);
      entries.push({ variable, index: this.registry.indexOf(name), gradient: tensor });
    }
    return entries;
  }

  private context(): StepContext {
    const step = this.iterations;
    return {
      step,
      stream: this.stream,
      slots: this.slots,
      checkFinite: (tensors) => this.guard(tensors, step),
      commit: (targets, values) => {
        try {
          if (!this.guard(values, step)) return false;
          targets.forEach((t, i) => t.assign(values[i]!));
          return true;
        } finally {
          tf.dispose(values);
        }
      },
    };
  }

  private guard(tensors: tf.Tensor[], step: number): boolean {
    if (allFinite(tensors)) return true;
    if (this.nonFinite === 'throw') throw new NonFiniteUpdateError(this.getClassName(), step);
    this.skipped++;
    return false;
  }

  override async getWeights(): Promise<NamedTensor[]> {
    const slotEntries = this.slots.entries();
    const own: NamedTensor[] = [
      await this.saveIterations(),
      { name: STATE_NAMES[0], tensor: tf.scalar(this.stream.seed | 0, 'int32') },
      { name: STATE_NAMES[1], tensor: tf.scalar(this.skipped, 'int32') },
      { name: STATE_NAMES[2], tensor: tf.tensor1d(slotEntries.map((s) => s.index), 'int32') },
      { name: STREAM_VERSION_NAME, tensor: tf.scalar(this.stream.version, 'int32') },
      ...slotEntries.map((s) => ({ name: `${this.registry.nameAt(s.index)}/${s.slot}`, tensor: tf.clone(s.variable) })),
    ];
    const extra = (await this.parts.update.getWeights?.()) ?? [];
    return [...own, ...extra];
  }

  override async setWeights(weightValues: NamedTensor[]): Promise<void> {
    const owner = `${this.getClassName()}.setWeights`;
    STATE_NAMES.forEach((name, i) => {
      if (weightValues[i + 1]?.name !== name) {
        throw new Error(
          `${owner}: expected weight ${i + 1} to be "${name}" (weights saved by getWeights() of a noisy optimizer), ` +
            `got ${JSON.stringify(weightValues[i + 1]?.name)}.`,
        );
      }
    });
    const rest = await this.extractIterations(weightValues);
    const seed = (await rest[0]!.tensor.data())[0]!;
    const skipped = (await rest[1]!.tensor.data())[0]!;
    const slotIndices = Array.from(await rest[2]!.tensor.data());
    const hasVersion = rest[3]?.name === STREAM_VERSION_NAME;
    const version = checkStreamVersion(owner, STREAM_VERSION_NAME, hasVersion ? (await rest[3]!.tensor.data())[0] : 1);
    const first = hasVersion ? 4 : 3;
    const slotWeights = rest.slice(first, first + slotIndices.length);
    if (slotWeights.length !== slotIndices.length) {
      throw new Error(`${owner}: noise/slot-index lists ${slotIndices.length} slots but only ${slotWeights.length} weights follow.`);
    }
    this.stream = new NoiseStream(seed >>> 0, version);
    this.skipped = skipped;
    this.slots.dispose();
    this.registry.reset();
    this.pendingPerturbedStep = null;
    slotWeights.forEach((w, i) => {
      const slot = w.name.slice(w.name.lastIndexOf('/') + 1);
      this.slots.set(slotIndices[i]!, slot, w.tensor);
    });
    const extra = rest.slice(first + slotIndices.length);
    if (this.parts.update.setWeights) await this.parts.update.setWeights(extra);
    else if (extra.length > 0) throw new Error(`${owner}: ${extra.length} unexpected weights after the slots.`);
  }

  override dispose(): void {
    this.slots.dispose();
    this.parts.update.dispose?.();
    super.dispose();
  }
}
