import { InvalidOptionError, checkOptions } from '../validation';

/**
 * Options (or a config minus its `kind`) with only the keys a piece knows, so a
 * misspelt option (`lr` for `learningRate`) fails instead of being ignored.
 */
export function checkKnownKeys<T extends object>(owner: string, options: T | undefined, allowed: readonly string[]): T {
  const o = checkOptions(owner, options);
  for (const key of Object.keys(o)) {
    if (!allowed.includes(key)) {
      throw new InvalidOptionError(owner, 'option name', key, `one of ${allowed.map((k) => JSON.stringify(k)).join(', ')}`);
    }
  }
  return o;
}
