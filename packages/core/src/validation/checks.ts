import { closestName } from './closestName';
import { InvalidOptionError, formatValue } from './invalidOptionError';

/** Largest finite float32: a hyperparameter beyond it overflows in the first step on every backend. */
export const FLOAT32_MAX = 3.4028234663852886e38;

/** Bounds for {@link checkNumber}; every bound is optional. */
export type NumberRange = {
  min?: number;
  max?: number;
  /** `min` itself is not allowed. */
  minExclusive?: boolean;
  /** `max` itself is not allowed. */
  maxExclusive?: boolean;
  integer?: boolean;
};

export function describeRange(range: NumberRange): string {
  const kind = range.integer ? 'an integer' : 'a finite number';
  const parts: string[] = [];
  if (range.min !== undefined) parts.push(`${range.minExclusive ? '>' : '>='} ${range.min}`);
  if (range.max !== undefined) parts.push(`${range.maxExclusive ? '<' : '<='} ${range.max}`);
  return parts.length ? `${kind} ${parts.join(' and ')}` : kind;
}

/**
 * Returns `value` when it is a finite number inside `range` (and inside
 * float32's range, where tfjs computes), else throws naming all three.
 */
export function checkNumber(owner: string, parameter: string, value: unknown, range: NumberRange = {}): number {
  if (typeof value === 'number' && Number.isFinite(value) && Math.abs(value) > FLOAT32_MAX && !range.integer) {
    throw new InvalidOptionError(owner, parameter, value, `${describeRange(range)} within float32 range (|x| <= ${FLOAT32_MAX})`);
  }
  const ok =
    typeof value === 'number' &&
    Number.isFinite(value) &&
    (!range.integer || Number.isInteger(value)) &&
    (range.min === undefined || (range.minExclusive ? value > range.min : value >= range.min)) &&
    (range.max === undefined || (range.maxExclusive ? value < range.max : value <= range.max));
  if (!ok) throw new InvalidOptionError(owner, parameter, value, describeRange(range));
  return value as number;
}

/** Returns `value` when it is one of `allowed`, else throws listing them. */
export function checkOneOf<T extends string>(owner: string, parameter: string, value: unknown, allowed: readonly T[]): T {
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    throw new InvalidOptionError(owner, parameter, value, `one of ${allowed.map((a) => JSON.stringify(a)).join(', ')}`);
  }
  return value as T;
}

export function checkBoolean(owner: string, parameter: string, value: unknown): boolean {
  if (typeof value !== 'boolean') throw new InvalidOptionError(owner, parameter, value, 'true or false');
  return value;
}

/** Plain data: an object literal or `Object.create(null)`, not an array, class instance or function. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * Checks an options object or config: `undefined` means "all defaults"; it
 * must otherwise be a plain object whose every own key is one of `keys` (a
 * misspelled option is an error that suggests the closest name, never
 * silently ignored), and no value may be `null` except for the keys in
 * `nullable` (where null documents "none"): only `undefined` means default.
 */
export function checkOptions<T extends object>(
  owner: string,
  options: T | undefined,
  keys: readonly string[],
  rules: { nullable?: readonly string[] } = {},
): T {
  if (options === undefined) return {} as T;
  if (!isPlainObject(options)) throw new InvalidOptionError(owner, 'options', options, 'a plain object');
  for (const key of Object.keys(options)) {
    if (!keys.includes(key)) {
      const guess = closestName(key, keys);
      throw new InvalidOptionError(
        owner,
        key,
        options[key],
        `one of ${keys.join(', ')}`,
        `${owner}: unknown option ${formatValue(key)}${guess ? `; did you mean "${guess}"?` : '.'} Options: ${keys.join(', ')}.`,
      );
    }
    if (options[key] === null && !rules.nullable?.includes(key)) {
      throw new InvalidOptionError(owner, key, null, 'a value (null is not allowed; leave the option out for its default)');
    }
  }
  return options;
}

/** `value` when it is a string that is an own key of `table` (never a prototype name such as "constructor"). */
export function checkOwnKey<K extends string>(owner: string, parameter: string, value: unknown, table: Readonly<Record<K, unknown>>): K {
  if (typeof value !== 'string' || !Object.hasOwn(table, value)) {
    throw new InvalidOptionError(owner, parameter, value, `one of ${Object.keys(table).map((k) => JSON.stringify(k)).join(', ')}`);
  }
  return value as K;
}
