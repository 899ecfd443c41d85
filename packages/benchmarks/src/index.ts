export { runSpeed, speedMarkdown } from './speed';
export type { SpeedOptions, SpeedReport, SpeedRow, LeakRow } from './speed';
export { catalog } from './optimizerCatalog';
export type { CatalogEntry } from './optimizerCatalog';
export { mean, std, median, markdownTable } from './stats';
export { runPapers, EXPERIMENTS } from './papers';
export type { PapersOptions, ExperimentName } from './papers';
export type { Section } from './papers/experiment';
