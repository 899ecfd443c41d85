// Moved to @tfjs-noise/core (the composition API's optimizerUpdate needs it there); re-exported for this package.
export { isOptimizer, optimizerFromConfig } from '@tfjs-noise/core';
export type { WrappedOptimizerConfig } from '@tfjs-noise/core';
