import * as tf from '@tensorflow/tfjs-core';
import { deriveSeed } from '../random/seedMixer';
import { NOISE_STREAM_VERSIONS, type NoiseStreamVersion } from '../random/streamVersion';
import { formatValue } from '../validation';
import type { NamedTensor } from './namedTensor';

/** The shape a slot has: the shape of its variable, or a scalar per variable. */
export type SlotKind = 'variable' | 'scalar';

/** Names of the optimizer's own state weights, after `iter`, in order. */
export const STATE_NAMES = {
  seed: 'noise/seed',
  skipped: 'noise/skipped',
  slotIndex: 'noise/slot-index',
  /** Which class wrote the state (an int32 hash of its className); absent in states of 0.1.0. */
  writer: 'noise/class',
  /**
   * The NoiseStreamVersion the state was drawn with; absent in states of
   * 0.1.0, which load as version 1 (the polar stream) and so resume bit for bit.
   */
  streamVersion: 'noise/stream-version',
} as const;

/** An int32 fingerprint of a class name, saved so that state is never restored into another class. */
export function classFingerprint(className: string): number {
  return deriveSeed(...Array.from(className, (c) => c.charCodeAt(0))) | 0;
}

/** Bounds that keep a hostile state from allocating in proportion to its numbers. */
const MAX_SLOT_INDEX = 1 << 20;
const MAX_COUNTER = 2 ** 31 - 1;

export type ParsedSlot = { index: number; slot: string; variableName: string; value: tf.Tensor };
export type ParsedState = {
  iterations: number;
  seed: number;
  skipped: number;
  streamVersion: NoiseStreamVersion;
  slots: ParsedSlot[];
  /** Weights after the slots, for the update rule (a wrapped optimizer's). */
  extra: NamedTensor[];
};

/**
 * Reads and validates a state written by `NoisyOptimizer.getWeights`, without
 * changing anything: every count, name, dtype, shape and value is checked
 * before the caller swaps the state in. Layout:
 * `[iter, noise/seed, noise/skipped, noise/slot-index, noise/class?, noise/stream-version?, ...slots, ...extra]`.
 */
export async function parseOptimizerState(
  owner: string,
  className: string,
  weights: unknown,
  slotKinds: ReadonlyMap<string, SlotKind>,
): Promise<ParsedState> {
  const fail = (what: string): never => {
    throw new Error(`${owner}: ${what}`);
  };
  if (!Array.isArray(weights)) fail(`weights must be the array getWeights() returned; got ${formatValue(weights)}.`);
  const list = weights as unknown[];
  list.forEach((w, i) => {
    const ok =
      typeof w === 'object' && w !== null && typeof (w as NamedTensor).name === 'string' && (w as NamedTensor).tensor instanceof tf.Tensor;
    if (!ok) fail(`weight ${i} must be {name: string, tensor: tf.Tensor}; got ${formatValue(w)}.`);
    if ((w as NamedTensor).tensor.isDisposed) fail(`weight ${i} ("${(w as NamedTensor).name}") is a disposed tensor.`);
  });
  const named = list as NamedTensor[];
  const expectName = (i: number, name: string) => {
    if (named[i]?.name !== name) {
      fail(`expected weight ${i} to be "${name}" (the state getWeights() of a tfjs-noise optimizer writes); got ${formatValue(named[i]?.name)}.`);
    }
    return named[i]!.tensor;
  };
  const integerScalar = async (t: tf.Tensor, name: string, max: number, dtypes: readonly tf.DataType[]): Promise<number> => {
    if (t.size !== 1 || t.rank > 1 || !dtypes.includes(t.dtype)) {
      fail(`"${name}" must be a scalar of dtype ${dtypes.join(' or ')}; got shape [${t.shape}] of dtype ${t.dtype}.`);
    }
    const v = (await t.data())[0] as number;
    if (!Number.isInteger(v) || v < 0 || v > max) fail(`"${name}" must be an integer in [0, ${max}]; got ${formatValue(v)}.`);
    return v;
  };

  const iterations = await integerScalar(expectName(0, 'iter'), 'iter', MAX_COUNTER, ['int32', 'float32']);
  const seedTensor = expectName(1, STATE_NAMES.seed);
  if (seedTensor.size !== 1 || seedTensor.rank > 1 || seedTensor.dtype !== 'int32') {
    fail(`"${STATE_NAMES.seed}" must be an int32 scalar; got shape [${seedTensor.shape}] of dtype ${seedTensor.dtype}.`);
  }
  const seed = (await seedTensor.data())[0]! >>> 0;
  const skipped = await integerScalar(expectName(2, STATE_NAMES.skipped), STATE_NAMES.skipped, iterations, ['int32', 'float32']);
  const indexTensor = expectName(3, STATE_NAMES.slotIndex);
  if (indexTensor.rank !== 1 || indexTensor.dtype !== 'int32') {
    fail(`"${STATE_NAMES.slotIndex}" must be a 1-D int32 tensor; got shape [${indexTensor.shape}] of dtype ${indexTensor.dtype}.`);
  }
  const indices = Array.from(await indexTensor.data());
  indices.forEach((i) => {
    if (!Number.isInteger(i) || i < 0 || i >= MAX_SLOT_INDEX) fail(`"${STATE_NAMES.slotIndex}" holds ${i}; allowed: integers in [0, ${MAX_SLOT_INDEX}).`);
  });

  let next = 4;
  if (named[next]?.name === STATE_NAMES.writer) {
    const writer = named[next]!.tensor;
    const expected = classFingerprint(className);
    if (writer.size !== 1 || writer.dtype !== 'int32' || (await writer.data())[0] !== expected) {
      fail(`this state was written by another optimizer class (its "${STATE_NAMES.writer}" does not match ${className}); restore it into the class that wrote it.`);
    }
    next++;
  }

  let streamVersion: NoiseStreamVersion = 1;
  if (named[next]?.name === STATE_NAMES.streamVersion) {
    const v = named[next]!.tensor;
    const value = v.size === 1 && v.dtype === 'int32' ? (await v.data())[0] : undefined;
    if (!NOISE_STREAM_VERSIONS.includes(value as NoiseStreamVersion)) {
      fail(
        `"${STATE_NAMES.streamVersion}" must be an int32 scalar holding a noise stream version this library knows ` +
          `(${NOISE_STREAM_VERSIONS.join(' or ')}); got ${value === undefined ? `shape [${v.shape}] of dtype ${v.dtype}` : formatValue(value)}. ` +
          `A newer @tfjs-noise/core may have written it; this one cannot continue that noise stream.`,
      );
    }
    streamVersion = value as NoiseStreamVersion;
    next++;
  }

  const slotWeights = named.slice(next, next + indices.length);
  if (slotWeights.length !== indices.length) {
    fail(`"${STATE_NAMES.slotIndex}" lists ${indices.length} slots but only ${slotWeights.length} weights follow.`);
  }
  const seen = new Set<string>();
  const shapes = new Map<number, number[]>();
  const slots: ParsedSlot[] = [];
  for (let i = 0; i < slotWeights.length; i++) {
    const { name, tensor } = slotWeights[i]!;
    const cut = name.lastIndexOf('/');
    const slot = name.slice(cut + 1);
    const kind = slotKinds.get(slot);
    if (cut <= 0 || kind === undefined) {
      const allowed = [...slotKinds.keys()].map((k) => `"<variable>/${k}"`).join(', ') || 'none (this optimizer keeps no slots)';
      fail(`weight "${name}" is not a slot of this optimizer; allowed slot weights: ${allowed}.`);
    }
    const index = indices[i]!;
    const key = `${index}/${slot}`;
    if (seen.has(key)) fail(`slot "${slot}" of variable ${index} appears twice.`);
    seen.add(key);
    if (tensor.dtype !== 'float32') fail(`slot weight "${name}" must be float32; got ${tensor.dtype}.`);
    if (kind === 'scalar' && tensor.rank !== 0) fail(`slot weight "${name}" must be a scalar; got shape [${tensor.shape}].`);
    if (kind === 'variable') {
      // Restoring into the model that saved it: the variable is registered under
      // the saved name, so its shape can be checked now rather than at the first step.
      const variable = Object.hasOwn(tf.engine().registeredVariables, name.slice(0, cut)) ? tf.engine().registeredVariables[name.slice(0, cut)] : undefined;
      if (variable && !tf.util.arraysEqual(variable.shape, tensor.shape)) {
        fail(`slot weight "${name}" has shape [${tensor.shape}] but variable "${variable.name}" has shape [${variable.shape}].`);
      }
      const known = shapes.get(index);
      if (known && !tf.util.arraysEqual(known, tensor.shape)) {
        fail(`slot weight "${name}" has shape [${tensor.shape}] but another slot of the same variable has [${known}].`);
      }
      shapes.set(index, tensor.shape);
    }
    const values = await tensor.data();
    for (let j = 0; j < values.length; j++) {
      if (!Number.isFinite(values[j]!)) fail(`slot weight "${name}" holds a non-finite value (${values[j]}) at element ${j}.`);
    }
    slots.push({ index, slot, variableName: name.slice(0, cut), value: tensor });
  }
  return { iterations, seed, skipped, streamVersion, slots, extra: named.slice(next + indices.length) };
}
