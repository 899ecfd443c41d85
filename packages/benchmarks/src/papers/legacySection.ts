import type { DataSources, Experiment, Scale } from './experiment';
import type { Chart } from './experiment';

/**
 * The 0.1.0 experiment shape (one free-text verdict, 1–3 unpaired seeds). Kept
 * only so that an experiment not yet rewritten under the gated protocol still
 * runs; its verdict is always reported as inconclusive, with the old text beside it.
 */
export type LegacyScale = Scale & { seeds: number[]; epochs: (full: number) => number };
export type LegacySection = { title: string; claim: string; setup: string; tables: string[]; charts: Chart[]; verdict: string; data: unknown };

export function fromLegacy(id: string, run: (data: DataSources, scale: LegacyScale) => Promise<LegacySection>): Experiment {
  return async (data, scale) => {
    const s = await run(data, { ...scale, seeds: scale.quick ? [1] : [1, 2, 3], epochs: (full) => (scale.quick ? 1 : full) });
    return {
      id,
      title: s.title,
      paper: s.title,
      protocolFile: '',
      protocol: [],
      setup: s.setup,
      claims: [
        {
          claim: s.claim,
          gates: [{ name: 'gated protocol', passed: false, detail: 'this experiment still runs its 0.1.0 protocol: no dose or baseline gates, unpaired seeds' }],
          comparisons: [],
          verdict: 'inconclusive',
          reason: `0.1.0 protocol, which could not detect the effect (issue #9). Its own rule said: ${s.verdict}`,
        },
      ],
      probes: [],
      tables: s.tables,
      charts: s.charts,
      notes: [],
      data: s.data,
    };
  };
}
