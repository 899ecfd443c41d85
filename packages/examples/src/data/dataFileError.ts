/**
 * A missing, truncated or corrupt data file. The message gives the path, what
 * was wrong, and how to get the data, so the user can act on it directly.
 */
export class DataFileError extends Error {
  override readonly name = 'DataFileError';
  constructor(
    readonly path: string,
    readonly problem: string,
    readonly howToGet: string,
  ) {
    super(`${path}: ${problem}. ${howToGet}`);
  }
}
