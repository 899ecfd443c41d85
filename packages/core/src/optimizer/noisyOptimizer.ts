import * as tf from '@tensorflow/tfjs-core';
import { NoiseStream } from '../random/noiseStream';
import { checkOneOf } from '../validation';
import {
  NON_FINITE_POLICIES,
  NonFiniteUpdateError,
  allFinite,
  assertCanReadSync,
  finiteFlag,
  finiteFlagAndMasks,
  keepWhere,
  readsAreCheap,
  type NonFinitePolicy,
} from './finiteGuard';
import type { GradientTransform } from './gradientTransform';
import type { NamedTensor } from './namedTensor';
import { STATE_NAMES, classFingerprint, parseOptimizerState, type SlotKind } from './optimizerState';
import type { Perturbation } from './perturbation';
import { resolveVariables, type LossAndGradients } from './perturbedGradients';
import { SlotStore } from './slotStore';
import { StagedSlots } from './stagedSlots';
import type { GradientEntry, StepContext, StepWrite } from './stepContext';
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
  /**
   * What to do with a step that would write NaN or infinity; under both no
   * weight changes. Default `'skip'` (decided on the device, counted);
   * `'throw'` reads one boolean back per step (see {@link NonFinitePolicy}).
   */
  nonFinite?: NonFinitePolicy;
};

/** The option keys of {@link NoisyOptimizerBaseOptions}, for strict option checks. */
export const BASE_OPTION_KEYS = ['seed', 'nonFinite'] as const;

/**
 * Base of every optimizer in this library: a tfjs `Optimizer` composed of an
 * optional weight perturbation, gradient transforms and an update rule.
 *
 * It owns what they share: the seeded {@link NoiseStream}; the variable
 * registry that keys noise and slots; the slots; the finite guard; and the
 * state layout of `getWeights`, which is
 * `[iter, noise/seed, noise/skipped, noise/slot-index, noise/class, noise/stream-version, ...slots, ...update rule's]`
 * so a restored optimizer continues the same noise stream bit for bit.
 *
 * A step is a transaction: the pieces compute and stage, and one commit
 * writes weights and slots together, so a step that throws (a failing loss, a
 * non-finite update under `'throw'`, a restored state that does not fit the
 * variables) changes nothing. `setWeights` validates the whole state before
 * it replaces anything.
 */
export abstract class NoisyOptimizer extends tf.Optimizer {
  protected stream: NoiseStream;
  protected readonly nonFinite: NonFinitePolicy;
  protected readonly registry = new VariableRegistry();
  protected slots = new SlotStore();
  /** Device-side count of skipped steps (int32 scalar); created on first need, never read in a step. */
  private skippedCounter: tf.Variable | null = null;
  /** Slots a perturbation staged in `computeGradients`, for the `applyGradients` of the same step. */
  private pending: { step: number; staged: StagedSlots } | null = null;
  private parts!: NoisyOptimizerParts;
  private ownConfig: tf.serialization.ConfigDict = {};

  protected constructor(options: NoisyOptimizerBaseOptions) {
    super();
    const owner = this.getClassName();
    this.stream = new NoiseStream(options.seed, owner);
    this.nonFinite = checkOneOf(owner, 'nonFinite', options.nonFinite ?? 'skip', NON_FINITE_POLICIES);
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

  /**
   * `new cls(config)`, less the `customObjects` entry tfjs-layers adds when it
   * deserializes a saved model (options are otherwise strict).
   */
  static override fromConfig<T extends tf.serialization.Serializable>(
    cls: tf.serialization.SerializableConstructor<T>,
    config: tf.serialization.ConfigDict,
  ): T {
    const { customObjects: _ignored, ...rest } = config;
    return new cls(rest);
  }

  /** Plain JSON; `new Class(getConfig())` (what `fromConfig` does) rebuilds this optimizer. */
  override getConfig(): tf.serialization.ConfigDict {
    return structuredClone({ ...this.ownConfig, seed: this.seed, nonFinite: this.nonFinite });
  }

  /** The base seed of the noise stream (a uint32). */
  get seed(): number {
    return this.stream.seed;
  }

  /**
   * Steps skipped under `nonFinite: 'skip'`. A synchronous device-to-host
   * read: call it outside the training loop, or use {@link readSkippedSteps}.
   */
  get skippedSteps(): number {
    if (!this.skippedCounter) return 0;
    assertCanReadSync(this.getClassName(), 'skippedSteps');
    return this.skippedCounter.dataSync()[0]!;
  }

  /** Steps skipped under `nonFinite: 'skip'`, read without blocking the device. */
  async readSkippedSteps(): Promise<number> {
    return this.skippedCounter ? (await this.skippedCounter.data())[0]! : 0;
  }

  /** Forward/backward passes this optimizer makes per step. */
  get passesPerStep(): number {
    return this.parts.perturbation?.passesPerStep ?? 1;
  }

  override computeGradients(f: () => tf.Scalar, varList?: tf.Variable[]): LossAndGradients {
    const perturbation = this.parts.perturbation;
    if (!perturbation) return super.computeGradients(f, varList);
    this.discardPending();
    const staged = new StagedSlots();
    try {
      const variables = resolveVariables(varList).map((variable) => ({ variable, index: this.registry.indexOf(variable.name) }));
      const result = perturbation.gradients(f, variables, this.context(staged));
      this.pending = { step: this.iterations, staged };
      return result;
    } catch (e) {
      staged.dispose();
      throw e;
    }
  }

  override applyGradients(variableGradients: tf.NamedTensorMap | NamedTensor[]): void {
    let staged = new StagedSlots();
    if (this.parts.perturbation) {
      if (this.pending?.step !== this.iterations) {
        throw new Error(
          `${this.getClassName()}.applyGradients: these gradients were not taken at this optimizer's perturbed weights. ` +
            `Use minimize(), model.fit(), or computeGradients() followed by applyGradients(); ` +
            `a direct applyGradients() call cannot perturb the weights before the gradient is taken.`,
        );
      }
      staged = this.pending.staged;
      this.pending = null;
    }
    let processed: tf.Tensor[] = [];
    let inputs: tf.Tensor[] = [];
    try {
      const entries = this.collect(variableGradients);
      const ctx = this.context(staged);
      inputs = entries.map((e) => e.gradient);
      processed = tf.tidy(() => this.parts.transforms.reduce((gs, t) => t.transform(gs, entries, ctx), inputs));
      this.parts.update.apply(processed, entries, ctx);
    } finally {
      staged.dispose();
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

  private context(staged: StagedSlots): StepContext {
    const step = this.iterations;
    return {
      step,
      stream: this.stream,
      slot: (index, slot, shape) => staged.get(index, slot) ?? this.storedSlot(index, slot, shape),
      stageSlot: (index, slot, value) => staged.set(index, slot, value),
      commit: (writes) => this.commit(writes, staged, step),
      guard: (tensors) => this.guard(tensors, step),
    };
  }

  /** A stored slot, checked against the shape its variable needs (restored state may not fit). */
  private storedSlot(index: number, slot: string, shape: readonly number[]): tf.Tensor | undefined {
    const stored = this.slots.get(index, slot);
    if (stored && !tf.util.arraysEqual(stored.shape, [...shape])) {
      throw new Error(
        `${this.getClassName()}: slot "${this.registry.nameAt(index)}/${slot}" has shape [${stored.shape}] but this step needs [${shape}]: ` +
          `the restored state was saved for other variables, or the variables come in another order than when it was saved. Nothing was changed.`,
      );
    }
    return stored;
  }

  private commit(writes: StepWrite[], staged: StagedSlots, step: number): void {
    const all = [...writes, ...staged.take()];
    const values = all.map((w) => w.value);
    try {
      const { keep, masks } = this.decide(values, step);
      if (keep === false) return;
      try {
        for (const [i, w] of all.entries()) {
          const target = 'variable' in w ? w.variable : this.slots.getOrCreate(w.index, w.slot, w.value.shape);
          if (keep === true) {
            target.assign(w.value);
            continue;
          }
          // Decided on the device: where the step is not finite every target keeps its value.
          // The guard's own isFinite masks make the select's condition: one test per value, not two.
          const kept = keepWhere(keep, w.value, target, masks[i]);
          target.assign(kept);
          kept.dispose();
        }
      } finally {
        if (keep !== true) keep.dispose();
        tf.dispose(masks);
      }
    } finally {
      tf.dispose(values);
    }
  }

  /**
   * The non-finite policy for one step's values: `true` (write), `false`
   * (skip; counted), or, under 'skip' where a read would stall the device, a
   * boolean scalar to select with (counted on the device).
   */
  private guard(tensors: tf.Tensor[], step: number): boolean | tf.Scalar {
    const { keep, masks } = this.decide(tensors, step, false);
    tf.dispose(masks);
    return keep;
  }

  /**
   * {@link guard}, plus, when the decision is a device scalar and `withMasks`,
   * each tensor's isFinite mask (owned by the caller; empty otherwise) for the
   * select that follows.
   */
  private decide(tensors: tf.Tensor[], step: number, withMasks = true): { keep: boolean | tf.Scalar; masks: tf.Tensor[] } {
    if (this.nonFinite === 'throw') {
      if (!allFinite(tensors, this.getClassName())) throw new NonFiniteUpdateError(this.getClassName(), step);
      return { keep: true, masks: [] };
    }
    const counter = this.counter();
    if (readsAreCheap()) {
      if (allFinite(tensors, this.getClassName())) return { keep: true, masks: [] };
      const next = tf.tidy(() => tf.add(counter, tf.scalar(1, 'int32')));
      counter.assign(next);
      next.dispose();
      return { keep: false, masks: [] };
    }
    const { flag, masks } = withMasks ? finiteFlagAndMasks(tensors) : { flag: finiteFlag(tensors), masks: [] };
    const next = tf.tidy(() => tf.add(counter, tf.cast(tf.logicalNot(flag), 'int32')));
    counter.assign(next);
    next.dispose();
    return { keep: flag, masks };
  }

  private counter(initial = 0): tf.Variable {
    this.skippedCounter ??= tf.tidy(() => tf.variable(tf.scalar(initial, 'int32'), false));
    return this.skippedCounter;
  }

  private discardPending(): void {
    this.pending?.staged.dispose();
    this.pending = null;
  }

  /** Every slot name the pieces keep, with its shape kind: what a restored state may contain. */
  private slotKinds(): Map<string, SlotKind> {
    const kinds = new Map<string, SlotKind>();
    for (const piece of [this.parts.update, this.parts.perturbation]) {
      for (const [name, kind] of Object.entries(piece?.slots ?? {})) kinds.set(name, kind);
    }
    return kinds;
  }

  override async getWeights(): Promise<NamedTensor[]> {
    const slotEntries = this.slots.entries();
    const own: NamedTensor[] = [
      await this.saveIterations(),
      { name: STATE_NAMES.seed, tensor: tf.scalar(this.stream.seed | 0, 'int32') },
      { name: STATE_NAMES.skipped, tensor: this.skippedCounter ? tf.clone(this.skippedCounter) : tf.scalar(0, 'int32') },
      { name: STATE_NAMES.slotIndex, tensor: tf.tensor1d(slotEntries.map((s) => s.index), 'int32') },
      { name: STATE_NAMES.writer, tensor: tf.scalar(classFingerprint(this.getClassName()), 'int32') },
      { name: STATE_NAMES.streamVersion, tensor: tf.scalar(this.stream.version, 'int32') },
      ...slotEntries.map((s) => ({ name: `${this.registry.nameAt(s.index)}/${s.slot}`, tensor: tf.clone(s.variable) })),
    ];
    const extra = (await this.parts.update.getWeights?.()) ?? [];
    return [...own, ...extra];
  }

  /**
   * Restores a state from `getWeights` (also through model.save/loadLayersModel).
   * Everything is validated first (names, counts, dtypes, shapes, integer
   * counters, finite slots, the class that wrote it, the wrapped optimizer's
   * part); on any error the optimizer is exactly as it was.
   */
  override async setWeights(weightValues: NamedTensor[]): Promise<void> {
    const owner = `${this.getClassName()}.setWeights`;
    const state = await parseOptimizerState(owner, this.getClassName(), weightValues, this.slotKinds());
    const { update } = this.parts;
    let swapExtra = (): void => {};
    if (update.prepareRestore) swapExtra = await update.prepareRestore(state.extra, owner);
    else if (state.extra.length > 0) {
      throw new Error(`${owner}: ${state.extra.length} unexpected weights after the slots, starting with "${state.extra[0]!.name}".`);
    }
    const slots = new SlotStore();
    state.slots.forEach((s) => slots.set(s.index, s.slot, s.value));
    // Nothing below can fail: swap the validated state in.
    swapExtra();
    this.slots.dispose();
    this.slots = slots;
    this.stream = new NoiseStream(state.seed, undefined, state.streamVersion);
    this.iterations_ = state.iterations;
    const skipped = tf.scalar(state.skipped, 'int32');
    this.counter().assign(skipped);
    skipped.dispose();
    this.registry.reset(new Map(state.slots.map((s) => [s.index, s.variableName])));
    this.discardPending();
  }

  override dispose(): void {
    this.discardPending();
    this.slots.dispose();
    this.skippedCounter?.dispose();
    this.skippedCounter = null;
    this.parts.update.dispose?.();
    this.parts.perturbation?.dispose?.();
    super.dispose();
  }
}
