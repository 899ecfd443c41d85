import { InvalidOptionError } from './invalidOptionError';

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

/** Returns `value` when it is a finite number inside `range`, else throws naming all three. */
export function checkNumber(owner: string, parameter: string, value: unknown, range: NumberRange = {}): number {
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

/** Options objects must be plain objects; `undefined` means "all defaults". */
export function checkOptions<T extends object>(owner: string, options: T | undefined): T {
  if (options === undefined) return {} as T;
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw new InvalidOptionError(owner, 'options', options, 'a plain object');
  }
  return options;
}
