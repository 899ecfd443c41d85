export type ResultRow = {
  optimizer: string;
  backend: string;
  model: string;
  steps: string;
  /** Mean training loss over the last ten steps. */
  loss: number;
  accuracy: number;
  msPerStep: number;
  /** Median step time relative to SGD in the same comparison, or '' without one. */
  ratio: string;
  noise: string;
  note: string;
};

const COLUMNS: Array<[keyof ResultRow, string]> = [
  ['optimizer', 'optimizer'],
  ['backend', 'backend'],
  ['model', 'model'],
  ['steps', 'steps'],
  ['loss', 'final loss'],
  ['accuracy', 'test accuracy'],
  ['msPerStep', 'ms / step'],
  ['ratio', '× SGD'],
  ['noise', 'noise'],
  ['note', ''],
];

function cell(key: keyof ResultRow, r: ResultRow): string {
  const v = r[key];
  if (key === 'loss') return Number.isFinite(v as number) ? (v as number).toFixed(4) : String(v);
  if (key === 'accuracy') return Number.isFinite(v as number) ? `${((v as number) * 100).toFixed(1)}%` : '–';
  if (key === 'msPerStep') return Number.isFinite(v as number) ? (v as number).toFixed(1) : '–';
  return String(v);
}

/** The results table: one row per finished run, newest last; runs of earlier comparisons stay. */
export class ResultsTable {
  private readonly body: HTMLTableSectionElement;

  constructor(table: HTMLTableElement) {
    table.replaceChildren();
    const head = table.createTHead().insertRow();
    for (const [, title] of COLUMNS) {
      const th = document.createElement('th');
      th.textContent = title;
      head.appendChild(th);
    }
    this.body = table.createTBody();
  }

  add(r: ResultRow): void {
    const tr = this.body.insertRow();
    tr.dataset['optimizer'] = r.optimizer;
    tr.dataset['backend'] = r.backend;
    for (const [key] of COLUMNS) {
      const td = tr.insertCell();
      td.dataset['col'] = key;
      td.textContent = cell(key, r);
    }
  }
}
