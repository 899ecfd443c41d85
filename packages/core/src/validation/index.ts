export { InvalidOptionError, formatValue } from './invalidOptionError';
export { checkNumber, checkOneOf, checkBoolean, checkOptions, describeRange } from './checks';
export type { NumberRange } from './checks';
