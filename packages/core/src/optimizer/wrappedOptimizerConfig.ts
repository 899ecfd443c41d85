import * as tf from '@tensorflow/tfjs-core';
import {
  InvalidOptionError,
  checkBoolean,
  checkNumber,
  checkOptions,
  checkOwnKey,
  describeRange,
  isPlainObject,
  type NumberRange,
} from '../validation';

/** Serialized form of a wrapped tfjs optimizer. */
export type WrappedOptimizerConfig = { className: string; config: tf.serialization.ConfigDict };

type FieldRule = (NumberRange & { required?: true }) | 'boolean';
// Required where tfjs's constructor has no default for the field.
const rate = { min: 0, required: true } as const;
const beta = { min: 0, max: 1, maxExclusive: true, required: true } as const;
const epsilon: NumberRange = { min: 0, minExclusive: true };

/**
 * The config fields of tfjs's own optimizers and what each may hold. tfjs
 * accepts anything there and fails (or trains on NaN) at the first step; a
 * config read from a saved model is untrusted, so it is checked here first.
 */
const TFJS_OPTIMIZER_FIELDS: Readonly<Record<string, Readonly<Record<string, FieldRule>>>> = {
  SGD: { learningRate: rate },
  Momentum: { learningRate: rate, momentum: { min: 0, required: true }, useNesterov: 'boolean' },
  Adam: { learningRate: rate, beta1: beta, beta2: beta, epsilon },
  Adamax: { learningRate: rate, beta1: beta, beta2: beta, epsilon, decay: { min: 0 } },
  Adagrad: { learningRate: rate, initialAccumulatorValue: { min: 0 } },
  Adadelta: { learningRate: rate, rho: { min: 0, max: 1, required: true }, epsilon },
  RMSProp: { learningRate: rate, decay: { min: 0, max: 1 }, momentum: { min: 0 }, epsilon, centered: 'boolean' },
};

/** tfjs's `instanceof Optimizer` reads `.minimize` of its operand, which throws on null. */
export function isOptimizer(value: unknown): value is tf.Optimizer {
  return typeof value === 'object' && value !== null && value instanceof tf.Optimizer;
}

/**
 * Builds the wrapped optimizer from its `{className, config}`: the class must
 * be registered (an own key of tfjs's registry, never a prototype name), and
 * the config of a tfjs optimizer must hold only its own fields, each valid.
 * Configs of other registered classes are passed on as plain objects.
 */
export function optimizerFromConfig(owner: string, value: unknown): tf.Optimizer {
  const allowed = 'a tf.Optimizer (e.g. tf.train.adam(0.001)) or {className, config} of a registered optimizer class';
  if (!isPlainObject(value)) throw new InvalidOptionError(owner, 'optimizer', value, allowed);
  const c = checkOptions(`${owner} optimizer`, value, ['className', 'config']);
  const registry = tf.serialization.SerializationMap.getMap().classNameMap;
  if (typeof c['className'] !== 'string' || !Object.hasOwn(registry, c['className'])) {
    throw new InvalidOptionError(owner, 'optimizer.className', c['className'], `the className of a registered optimizer class (${allowed})`);
  }
  const className = c['className'];
  const config = c['config'] ?? {};
  if (!isPlainObject(config)) throw new InvalidOptionError(owner, 'optimizer.config', config, 'a plain config object');
  if (Object.hasOwn(TFJS_OPTIMIZER_FIELDS, className)) {
    const fields = TFJS_OPTIMIZER_FIELDS[checkOwnKey(owner, 'optimizer.className', className, TFJS_OPTIMIZER_FIELDS)]!;
    const where = `${owner} optimizer.config (${className})`;
    checkOptions(where, config, Object.keys(fields), { nullable: ['epsilon'] });
    for (const [field, rule] of Object.entries(fields)) {
      const v = config[field];
      if (v === undefined && rule !== 'boolean' && rule.required) {
        throw new InvalidOptionError(where, field, v, `${describeRange(rule)} (required by ${className})`);
      }
      if (v === undefined || v === null) continue;
      if (rule === 'boolean') checkBoolean(where, field, v);
      else checkNumber(where, field, v, rule);
    }
  }
  const [cls, fromConfig] = registry[className]!;
  const optimizer = fromConfig(cls, config as tf.serialization.ConfigDict);
  if (!isOptimizer(optimizer)) throw new InvalidOptionError(owner, 'optimizer.className', className, 'the className of an optimizer class');
  return optimizer;
}
