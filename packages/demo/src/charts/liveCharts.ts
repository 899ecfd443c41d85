import embed, { vega, type VisualizationSpec } from 'vega-embed';

export type Series = { label: string; color: string };
export type LossRow = { optimizer: string; step: number; loss: number };
export type AccuracyRow = { optimizer: string; step: number; accuracy: number };
export type CostRow = { optimizer: string; ms: number; ratio: string };

type Chart = { el: HTMLElement; spec: (domain: Series[], rows: object[]) => VisualizationSpec; rows: object[]; view?: Awaited<ReturnType<typeof embed>>['view'] };

const SCHEMA = 'https://vega.github.io/schema/vega-lite/v5.json';

const colorOf = (series: Series[], legend: boolean) =>
  ({
    field: 'optimizer',
    type: 'nominal',
    // Fixed colours per optimizer, and a legend that lists only the ones being compared.
    scale: { domain: series.map((s) => s.label), range: series.map((s) => s.color) },
    legend: legend ? { orient: 'bottom', columns: 2, title: null } : null,
  }) as const;

const line = (field: 'loss' | 'accuracy', title: string, mark: object) => (series: Series[]): VisualizationSpec => ({
  $schema: SCHEMA,
  title,
  width: 'container',
  height: 200,
  data: { name: 'rows' },
  mark: { type: 'line', ...mark },
  encoding: {
    x: { field: 'step', type: 'quantitative', title: 'step', axis: { format: 'd', tickMinStep: 1 } },
    y: { field, type: 'quantitative', scale: { zero: false }, title: field === 'loss' ? 'training loss (batch)' : 'test accuracy (1,000 digits)' },
    color: colorOf(series, true),
  },
});

const bars = (series: Series[], rows: object[]): VisualizationSpec => {
  // Room right of the longest bar for its "× SGD" label.
  const longest = Math.max(1, ...rows.map((r) => (r as CostRow).ms));
  return {
    $schema: SCHEMA,
    title: 'Cost per step (median ms; × SGD)',
    width: 'container',
    height: 200,
    data: { name: 'rows' },
    encoding: {
      y: { field: 'optimizer', type: 'nominal', sort: series.map((s) => s.label), title: null },
      x: { field: 'ms', type: 'quantitative', title: 'ms / step', scale: { domain: [0, longest * 1.25], nice: false } },
    },
    layer: [
      { mark: 'bar', encoding: { color: colorOf(series, false) } },
      { mark: { type: 'text', align: 'left', dx: 3 }, encoding: { text: { field: 'ratio' } } },
    ],
  };
};

/**
 * The page's three charts (Vega-Lite through vega-embed, SVG renderer), fed
 * by streaming rows into each view's named dataset instead of re-embedding,
 * so a chart updates in place at every step. Each container's `data-points`
 * counts the rows it holds (what the browser test watches).
 */
export class LiveCharts {
  private series: Series[] = [];
  private readonly loss: Chart;
  private readonly accuracy: Chart;
  private readonly cost: Chart;

  constructor(els: { loss: HTMLElement; accuracy: HTMLElement; cost: HTMLElement }) {
    this.loss = { el: els.loss, spec: line('loss', 'Training loss', { strokeWidth: 1.5 }), rows: [] };
    this.accuracy = { el: els.accuracy, spec: line('accuracy', 'Test accuracy', { point: true }), rows: [] };
    this.cost = { el: els.cost, spec: bars, rows: [] };
  }

  /** Empties every chart and sets the optimizers being compared. */
  async reset(series: Series[]): Promise<void> {
    this.series = series;
    for (const c of this.charts()) c.rows = [];
    await this.redraw();
  }

  /** Adds a series (keeping what is drawn) if it is not shown yet, e.g. a reloaded run's. */
  async ensureSeries(s: Series): Promise<void> {
    if (this.series.some((x) => x.label === s.label)) return;
    this.series = [...this.series, s];
    await this.redraw();
  }

  addLoss(rows: LossRow[]): Promise<void> {
    return this.insert(this.loss, rows);
  }

  addAccuracy(rows: AccuracyRow[]): Promise<void> {
    return this.insert(this.accuracy, rows);
  }

  /** Replaces the bars: every ratio changes when the baseline arrives. */
  async setCosts(rows: CostRow[]): Promise<void> {
    this.cost.rows = rows;
    // Re-embedded rather than changed in place: the axis range follows the longest bar.
    await this.draw(this.cost);
  }

  private charts(): Chart[] {
    return [this.loss, this.accuracy, this.cost];
  }

  private async redraw(): Promise<void> {
    for (const c of this.charts()) await this.draw(c);
  }

  private async draw(c: Chart): Promise<void> {
    c.view?.finalize();
    // Empty charts are expected before training: keep vega's "infinite extent" warnings out of the console.
    const result = await embed(c.el, c.spec(this.series, c.rows), { actions: false, renderer: 'svg', logLevel: vega.Error });
    c.view = result.view;
    if (c.rows.length > 0) await c.view.insert('rows', c.rows).resize().runAsync();
    this.count(c);
  }

  private async insert(c: Chart, rows: object[]): Promise<void> {
    c.rows.push(...rows);
    // resize(): the axis labels and legend were laid out for an empty chart; let autosize measure them again.
    await c.view?.insert('rows', rows).resize().runAsync();
    this.count(c);
  }

  private count(c: Chart): void {
    c.el.dataset['points'] = String(c.rows.length);
  }
}
