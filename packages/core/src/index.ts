/**
 * @tfjs-noise/core: noise schedules, the seeded noise stream, samplers, and
 * the machinery shared by the noise-injection optimizers.
 */
export * from './validation';
export * from './schedules';
export * from './random';
export * from './samplers';
export * from './optimizer';
export * from './gpu';
export * from './diagnostics';
export * from './compose';
