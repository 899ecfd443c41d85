/**
 * Thrown when an option, a config or a runtime value is outside what is
 * allowed. The message always names the owner, the parameter, the value
 * received and what is allowed, so a user can fix it without reading source.
 */
export class InvalidOptionError extends Error {
  override readonly name = 'InvalidOptionError';
  constructor(
    readonly owner: string,
    readonly parameter: string,
    readonly value: unknown,
    readonly allowed: string,
    /** A message of its own, for errors that do not read "X must be Y; got Z". */
    message?: string,
  ) {
    super(message ?? `${owner}: ${parameter} must be ${allowed}; got ${formatValue(value)}.`);
  }
}

/** Longest rendering of a value in an error message: configs are untrusted and may be huge. */
const MAX_SHOWN = 120;

export function formatValue(value: unknown): string {
  let shown: string;
  if (typeof value === 'string') shown = JSON.stringify(value.length > MAX_SHOWN ? value.slice(0, MAX_SHOWN) : value);
  else if (typeof value === 'number' || typeof value === 'boolean' || value == null) shown = String(value);
  else if (typeof value === 'bigint') shown = `${value}n`;
  else if (typeof value === 'function') shown = `a function${value.name ? ` (${value.name})` : ''}`;
  else {
    try {
      shown = JSON.stringify(value) ?? String(value);
    } catch {
      shown = Object.prototype.toString.call(value);
    }
  }
  const length = typeof value === 'string' ? value.length : shown.length;
  if (length > MAX_SHOWN) return `${shown.slice(0, MAX_SHOWN)}… (${length} characters)`;
  return shown;
}
