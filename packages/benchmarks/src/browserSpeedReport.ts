import type { SpeedRow } from './speed';
import { fmt, markdownTable } from './stats';

/** One optimizer's median step on one backend in the browser benchmark: the wall-time columns of bench:speed's rows. */
export type BrowserSpeedRow = Pick<SpeedRow, 'backend' | 'model' | 'optimizer' | 'passes' | 'msPerStep' | 'ratioSgd' | 'ratioAdam'>;

export function browserSpeedMarkdown(rows: BrowserSpeedRow[], meta: string, notes: string[]): string {
  const table = markdownTable(
    ['backend', 'model', 'optimizer', 'passes', 'ms / step', '× sgd', '× adam'],
    rows.map((x) => [x.backend, x.model, x.optimizer, String(x.passes), fmt(x.msPerStep, 1), fmt(x.ratioSgd, 2), fmt(x.ratioAdam, 2)]),
  );
  return [
    '# Speed benchmark in headless Chromium (webgl, webgpu)',
    '',
    meta,
    '',
    'Median time per training step (`minimize` on one batch, then an asynchronous read of the loss so the step has',
    'finished on the device), measured round-robin in one page per backend, as a ratio to `tf.train.sgd` and',
    '`tf.train.adam` timed in the same rounds. The GPU is SwiftShader (emulated on the CPU): read the ratios, not the',
    'milliseconds. "NoisyGradientSGD noise 0" draws nothing: its ratio is the cost of the rest of the library\'s step,',
    "with nonFinite 'throw' (one boolean read back per step) and with 'skip' (decided on the device, no read).",
    'Gaussian, Rademacher and uniform gradient noise is drawn on the device by default (the webgl/WGSL counter-hash',
    'kernels, 0 noise bytes uploaded); the rows "tf ops (fused kernel off)" draw on the host and upload the noise each',
    'step (the path before the device kernels). α-stable noise is drawn on the host on every backend. The rows',
    '"noise addition alone" time only one step\'s `g + σ·ε` over every variable (5 per block, one read per block), as a',
    'share of an sgd step: whole-step ratios on a loaded machine cannot resolve a difference that small.',
    '',
    table,
    '',
    ...(notes.length ? [...notes.map((n) => `- ${n}`), ''] : []),
  ].join('\n');
}
