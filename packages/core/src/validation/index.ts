export { InvalidOptionError, formatValue } from './invalidOptionError';
export { checkNumber, checkOneOf, checkBoolean, checkOptions, checkOwnKey, describeRange, isPlainObject, FLOAT32_MAX } from './checks';
export { closestName } from './closestName';
export type { NumberRange } from './checks';
