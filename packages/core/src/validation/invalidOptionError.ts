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
  ) {
    super(`${owner}: ${parameter} must be ${allowed}; got ${formatValue(value)}.`);
  }
}

export function formatValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean' || value == null) return String(value);
  try {
    return JSON.stringify(value);
  } catch {
    return String(value);
  }
}
