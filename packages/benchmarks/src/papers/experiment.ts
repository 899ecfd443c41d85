import type { Dataset } from '@tfjs-noise/examples';

/** Sizes shared by every experiment; `quick` shrinks them for a smoke run. */
export type Scale = {
  quick: boolean;
  seeds: number[];
  /** Multiplies each experiment's epoch count (quick: epochs become 1). */
  epochs: (full: number) => number;
  log: (line: string) => void;
};

export type Chart = { file: string; svg: string };

/** One section of REPORT.md. */
export type Section = {
  title: string;
  claim: string;
  setup: string;
  tables: string[];
  charts: Chart[];
  /** Plain verdict, computed from the numbers by the rule it states. */
  verdict: string;
  data: unknown;
};

export type DataSources = { mnist: Dataset; fashion: Dataset; fashionNote: string };
