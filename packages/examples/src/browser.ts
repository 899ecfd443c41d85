/**
 * @tfjs-noise/examples/browser: the parts of the examples that run in a web
 * page (no Node built-ins), for the browser demo.
 */
export { buildModel, MODELS } from './models/buildModel';
export type { ModelName, ModelOptions } from './models/buildModel';
export { OPTIMIZERS } from './optimizerSpec';
export { SeededRandom } from './data/seededRandom';
export { registerWasmConv2DBackpropFilter } from './backend/wasmConv2DBackpropFilter';
