import { describe, expect, it } from 'vitest';
import { mergeSpeedResults, metaLines, type SpeedReport, type SpeedRow } from '../src/index';

const row = (backend: string, optimizer: string, msPerStep: number): SpeedRow => ({
  backend, model: 'MLP 784-256-256-10', optimizer, passes: 1, msPerStep, ratioSgd: 1, ratioAdam: 1,
  cpuMsPerStep: msPerStep, cpuRatioSgd: 1, cpuRatioAdam: 1, noiseMs: 0, noiseShare: 0,
  extraBytes: 0, modelBytes: 1, target: '–', meetsTarget: null,
});
const leak = (backend: string) => ({ backend, optimizer: 'tf.train.sgd', steps: 10, tensorsDelta: 0, bytesDelta: 0, numTensors: 1, numBytes: 4 });

// The shape the first bench:speed wrote (results/speed.json of 2026-11-22): one meta line, reasons as strings,
// leak rows without a backend (that version ran the leak check on wasm when wasm was measured).
const firstVersion = {
  meta: 'Run on 2026-11-22: … backend cpu, wasm.',
  quick: false,
  rows: [row('cpu', 'tf.train.sgd', 256.5), row('wasm', 'tf.train.sgd', 76.8)],
  leaks: [{ optimizer: 'tf.train.sgd', steps: 1000, tensorsDelta: 0, bytesDelta: 0, numTensors: 9, numBytes: 100 }],
  skipped: ['cnn on cpu: skipped (about 20 s per step on the pure-JS backend; pass --cnn-on-cpu to run it)', 'webgpu: Backend "webgpu" is not available here: webgpu: not installed.'],
  backends: { cpu: 'pure-JavaScript cpu backend', wasm: 'wasm backend' },
};

const draw = (backend: string) => ({
  backend, generator: 'tf.randomNormal', output: 'tensor' as const, host: 'wasm-simd', nsPerElement: 30, cpuNsPerElement: 29, speedupVsRandomNormal: 1,
});
const tensorflowRun: SpeedReport = {
  rows: [row('tensorflow', 'tf.train.sgd', 9.1), row('tensorflow', 'NoisyGradientSGD', 9.6)],
  draws: [draw('tensorflow')],
  leaks: [leak('tensorflow')],
  skipped: [],
  backends: { tensorflow: '@tensorflow/tfjs-node is installed' },
};

describe('bench:speed results: merging a run into the saved file', () => {
  it('adds a tensorflow-only run to the first version\'s cpu + wasm figures without losing them', () => {
    const merged = mergeSpeedResults(firstVersion, tensorflowRun, ['tensorflow'], 'Run on 2026-11-30: … backend tensorflow.');
    expect(merged.rows.map((r) => `${r.backend} ${r.optimizer} ${r.msPerStep}`)).toEqual([
      'cpu tf.train.sgd 256.5',
      'wasm tf.train.sgd 76.8',
      'tensorflow tf.train.sgd 9.1',
      'tensorflow NoisyGradientSGD 9.6',
    ]);
    expect(merged.leaks.map((l) => `${l.backend} ${l.steps}`)).toEqual(['wasm 1000', 'tensorflow 10']);
    // A file written before the draw table had none: the run's draws are added.
    expect(merged.draws.map((d) => d.backend)).toEqual(['tensorflow']);
    expect(merged.skipped).toEqual([
      { backend: 'cpu', reason: 'cnn on cpu: skipped (about 20 s per step on the pure-JS backend; pass --cnn-on-cpu to run it)' },
      { backend: 'webgpu', reason: 'Backend "webgpu" is not available here: webgpu: not installed.' },
    ]);
    expect(Object.keys(merged.backends)).toEqual(['cpu', 'wasm', 'tensorflow']);
    expect(merged.meta).toEqual({ cpu: firstVersion.meta, wasm: firstVersion.meta, tensorflow: 'Run on 2026-11-30: … backend tensorflow.' });
    expect(metaLines(merged)).toEqual([firstVersion.meta, 'Run on 2026-11-30: … backend tensorflow.']);
  });

  it('a backend asked for again is replaced whole; one asked for but unavailable loses its old figures and says why', () => {
    const first = mergeSpeedResults(firstVersion, tensorflowRun, ['tensorflow'], 'tf run');
    const again: SpeedReport = {
      rows: [row('wasm', 'tf.train.sgd', 70)],
      draws: [draw('wasm')],
      leaks: [leak('wasm')],
      skipped: [{ backend: 'tensorflow', reason: 'Backend "tensorflow" is not available here: …' }],
      backends: { wasm: 'wasm backend' },
    };
    const merged = mergeSpeedResults(JSON.parse(JSON.stringify(first)), again, ['wasm', 'tensorflow'], 'wasm run');
    expect(merged.rows.map((r) => `${r.backend} ${r.msPerStep}`)).toEqual(['cpu 256.5', 'wasm 70']);
    expect(merged.draws.map((d) => d.backend)).toEqual(['wasm']);
    expect(merged.leaks.map((l) => `${l.backend} ${l.steps}`)).toEqual(['wasm 10']);
    expect(merged.skipped.map((s) => s.backend)).toEqual(['cpu', 'tensorflow', 'webgpu']);
    expect(merged.meta).toEqual({ cpu: firstVersion.meta, wasm: 'wasm run' });
    expect(Object.keys(merged.backends)).toEqual(['cpu', 'wasm']);
  });

  it('with nothing saved, the run is the result', () => {
    const merged = mergeSpeedResults(undefined, tensorflowRun, ['tensorflow'], 'tf run');
    expect(merged).toEqual({ ...tensorflowRun, meta: { tensorflow: 'tf run' } });
  });
});
