import type { Dataset } from '@tfjs-noise/examples';
import type { ClaimResult } from './verdict';

/** What the runner tells every experiment; each experiment owns its seeds, steps and sizes. */
export type Scale = {
  /** A smoke run of the code path (tiny sizes, 2 seeds): its numbers say nothing about the claim. */
  quick: boolean;
  log: (line: string) => void;
};

export type Chart = { file: string; svg: string };

/** One row of the protocol table: what the paper did, what was done here, and where the paper says so. */
export type ProtocolRow = { aspect: string; paper: string; here: string; source: string };

/** One experiment's part of REPORT.md, and (without the SVGs) its results JSON. */
export type Section = {
  /** The EXPERIMENTS key, e.g. 'neelakantan'. */
  id: string;
  title: string;
  /** Full citation: authors, title, venue, year, arXiv id. */
  paper: string;
  /** The dated protocol, committed before the confirmatory run, e.g. 'packages/benchmarks/protocols/neelakantan.md'. */
  protocolFile: string;
  /** Paper vs here, every deviation visible. */
  protocol: ProtocolRow[];
  setup: string;
  /** One or more claims, each with its gates, paired comparisons and verdict. */
  claims: ClaimResult[];
  /** Tuning and pilot probes run before the protocol was fixed, with their numbers. */
  probes: string[];
  tables: string[];
  charts: Chart[];
  /** Caveats a reader must know. */
  notes: string[];
  /** Raw per-seed numbers (JSON-serialisable). */
  data: unknown;
};

export type DataSources = { mnist: Dataset; fashion: Dataset; fashionNote: string };

export type Experiment = (data: DataSources, scale: Scale) => Promise<Section>;

/** A section as written to `<id>.json`: where, when and how long it ran. */
export type SectionRecord = Omit<Section, 'charts'> & {
  charts: string[];
  backend: string;
  /** The machine, Node and tfjs versions it ran on (one line). */
  machine: string;
  quick: boolean;
  date: string;
  seconds: number;
  cpuSeconds: number;
};
