import type { LeakRow, Skip, SpeedReport } from './speed';

/** results/speed.json: every backend's latest figures, each with the line saying when and where it ran. */
export type SavedSpeed = SpeedReport & { meta: Record<string, string> };

/** Report order: the Node backends from slowest to fastest, then anything else by name. */
const ORDER = ['cpu', 'wasm', 'tensorflow', 'webgpu'];
const rank = (backend: string) => (ORDER.includes(backend) ? ORDER.indexOf(backend) : ORDER.length);
const byBackend = <T extends { backend: string }>(xs: T[]) =>
  xs.map((x, i) => [x, i] as const).sort(([a, i], [b, j]) => rank(a.backend) - rank(b.backend) || a.backend.localeCompare(b.backend) || i - j).map(([x]) => x);

/** Reads results/speed.json as written by this version, or by the first one (one meta line, skips as strings, leaks on one backend). */
function readSaved(saved: unknown): SavedSpeed | undefined {
  if (!saved || typeof saved !== 'object') return undefined;
  const s = saved as Omit<Partial<SavedSpeed>, 'meta' | 'skipped' | 'leaks'> & { meta?: unknown; skipped?: unknown[]; leaks?: Array<Partial<LeakRow>> };
  const backends = s.backends ?? {};
  const meta: Record<string, string> =
    typeof s.meta === 'string' ? Object.fromEntries(Object.keys(backends).map((b) => [b, s.meta as string])) : ((s.meta as Record<string, string> | undefined) ?? {});
  // The first version ran its leak check once, on wasm when wasm was measured, else on cpu.
  const leakBackend = 'wasm' in backends ? 'wasm' : 'cpu';
  const skipped = (s.skipped ?? []).map((x): Skip => {
    if (typeof x !== 'string') return x as Skip;
    const m = /^(?:cnn on )?([a-z0-9-]+):\s*(.*)$/.exec(x);
    return m ? { backend: m[1]!, reason: x.startsWith('cnn on') ? x : m[2]! } : { backend: '?', reason: x };
  });
  return {
    rows: s.rows ?? [],
    draws: s.draws ?? [],
    leaks: (s.leaks ?? []).map((l) => ({ ...l, backend: l.backend ?? leakBackend }) as LeakRow),
    skipped,
    backends,
    meta,
  };
}

/**
 * Folds a run into the saved results: everything about the backends this run was asked for
 * (figures, leak checks, reasons for not measuring) is replaced; what the saved file says about
 * other backends is kept, with its own line saying when and where it was measured. So
 * `--backends tensorflow` adds tensorflow without discarding the cpu and wasm figures.
 */
export function mergeSpeedResults(saved: unknown, run: SpeedReport, requested: string[], meta: string): SavedSpeed {
  const old = readSaved(saved);
  const replaced = new Set([...requested, ...Object.keys(run.backends)]);
  const keep = <T extends { backend: string }>(xs: T[] | undefined) => (xs ?? []).filter((x) => !replaced.has(x.backend));
  const oldMeta = Object.fromEntries(Object.entries(old?.meta ?? {}).filter(([b]) => !replaced.has(b)));
  const oldBackends = Object.fromEntries(Object.entries(old?.backends ?? {}).filter(([b]) => !replaced.has(b)));
  return {
    rows: byBackend([...keep(old?.rows), ...run.rows]),
    draws: byBackend([...keep(old?.draws), ...run.draws]),
    leaks: byBackend([...keep(old?.leaks), ...run.leaks]),
    skipped: byBackend([...keep(old?.skipped), ...run.skipped]),
    backends: { ...oldBackends, ...run.backends },
    meta: { ...oldMeta, ...Object.fromEntries(Object.keys(run.backends).map((b) => [b, meta])) },
  };
}

/** The distinct meta lines of saved results, in report order. */
export function metaLines(saved: SavedSpeed): string[] {
  return [...new Set(byBackend(Object.entries(saved.meta).map(([backend, line]) => ({ backend, line }))).map((x) => x.line))];
}
