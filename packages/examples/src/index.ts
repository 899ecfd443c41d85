/**
 * @tfjs-noise/examples: datasets, models, backend selection and the
 * comparison runner behind the `tfjs-noise-examples` command.
 */
export type { Dataset, Split } from './data/dataset';
export { pixelsPerImage } from './data/dataset';
export { DataFileError } from './data/dataFileError';
export { SeededRandom } from './data/seededRandom';
export { stratifiedSplit, take, head } from './data/stratifiedSplit';
export { loadBundledMnist, readDigitFile, bundledMnistDir } from './data/mnistBundled';
export { readIdxImages, readIdxLabels, loadIdxDataset, FASHION_MNIST_DIR } from './data/idx';
export { readCifarBatch, loadCifar10, unpackCifarArchive, downloadCifar10, CIFAR10_MD5, CIFAR10_URL } from './data/cifar10';
export { loadDataset, DATASETS } from './data/loadDataset';
export type { DatasetName, LoadOptions } from './data/loadDataset';
export { buildModel, MODELS, INITS } from './models/buildModel';
export type { ModelName, InitName, ModelOptions } from './models/buildModel';
export { selectBackend, BACKENDS } from './backend/selectBackend';
export type { BackendChoice, BackendRequest, Importer } from './backend/selectBackend';
export { registerWasmConv2DBackpropFilter, wasmConv2DBackpropFilter } from './backend/wasmConv2DBackpropFilter';
export { parseOptimizers, OPTIMIZERS, DEFAULT_OPTIMIZERS } from './optimizerSpec';
export type { OptimizerSpec } from './optimizerSpec';
export { runComparison } from './train/runComparison';
export { fitShuffledEpoch } from './train/fitShuffledEpoch';
export type { RunResult, RunCurves, ComparisonOptions } from './train/runComparison';
export { resultsTable, resultsMarkdown, resultRows } from './report/resultsTable';
export { curvesSvg } from './report/curvesChart';
export { main } from './cli';
