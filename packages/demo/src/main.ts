import * as tf from '@tensorflow/tfjs-core';
// tfjs-core's main entry leaves gradients unregistered; training needs them.
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import type * as tfl from '@tensorflow/tfjs-layers';
import { buildModel, type ModelName } from '@tfjs-noise/examples/browser';
import { activateBackend, type BackendName, type BackendRequest } from './backend/backends';
import { LiveCharts, type AccuracyRow, type LossRow } from './charts/liveCharts';
import type { Digits } from './data/digitsAsset';
import { loadDigits } from './data/loadDigits';
import { loadModel, saveModel } from './model/modelStore';
import { OPTIMIZER_CHOICES, type OptimizerChoice } from './train/optimizerChoices';
import { uploadDigits, type TrainingData } from './train/trainingData';
import { RunTrainer, testAccuracy, yieldToBrowser } from './train/runTrainer';
import { ResultsTable } from './ui/resultsTable';
import './style.css';

const TEST_IMAGES = 1000;
const MODEL_SEED = 1;
const BATCH_SEED = 7;

const $ = <T extends HTMLElement>(id: string) => {
  const el = document.getElementById(id);
  if (!el) throw new Error(`The page has no #${id}.`);
  return el as T;
};

type Run = {
  id: string;
  choice: OptimizerChoice;
  model: tfl.LayersModel;
  modelName: ModelName;
  backend: BackendName;
  noise: string;
  steps: number;
  /** Test accuracy at the end of the run, to compare with the model once reloaded. */
  accuracy: number;
};

const ui = {
  form: $<HTMLFormElement>('controls'),
  optimizers: $<HTMLFieldSetElement>('optimizers'),
  model: $<HTMLSelectElement>('model'),
  order: $<HTMLSelectElement>('order'),
  backend: $<HTMLSelectElement>('backend'),
  noise: $<HTMLInputElement>('noise'),
  lr: $<HTMLInputElement>('lr'),
  steps: $<HTMLInputElement>('steps'),
  batch: $<HTMLInputElement>('batch'),
  evalEvery: $<HTMLInputElement>('eval-every'),
  train: $<HTMLButtonElement>('train'),
  stop: $<HTMLButtonElement>('stop'),
  status: $<HTMLParagraphElement>('status'),
  savedRun: $<HTMLSelectElement>('saved-run'),
  save: $<HTMLButtonElement>('save'),
  resume: $<HTMLButtonElement>('resume'),
  resumeSteps: $<HTMLInputElement>('resume-steps'),
  storeStatus: $<HTMLParagraphElement>('store-status'),
};

function setStatus(el: HTMLElement, state: string, text: string): void {
  el.dataset['state'] = state;
  el.textContent = text;
}

/** Reads a positive number (an integer where asked) or throws naming the field and the value. */
function readNumber(input: HTMLInputElement, name: string, integer: boolean, allowZero = false): number {
  const v = Number(input.value);
  const ok = Number.isFinite(v) && (allowZero ? v >= 0 : v > 0) && (!integer || Number.isInteger(v));
  if (!ok) throw new RangeError(`${name} is ${JSON.stringify(input.value)}; it must be a ${allowZero ? 'non-negative' : 'positive'} ${integer ? 'whole number' : 'number'}.`);
  return v;
}

let digits: Digits | undefined;
let charts: LiveCharts;
let table: ResultsTable;
let runs: Run[] = [];
let saved: { key: string; run: Run; iterations: number } | undefined;
let stopRequested = false;
let busy = false;

function setBusy(b: boolean): void {
  busy = b;
  ui.train.disabled = b || !digits;
  ui.stop.disabled = !b;
  ui.save.disabled = b || runs.length === 0;
  ui.resume.disabled = b || !saved;
}

for (const c of OPTIMIZER_CHOICES) {
  const label = document.createElement('label');
  const box = document.createElement('input');
  box.type = 'checkbox';
  box.value = c.id;
  box.checked = true;
  label.append(box, ` ${c.label}`);
  ui.optimizers.appendChild(label);
}

const selectedChoices = () =>
  OPTIMIZER_CHOICES.filter((c) => ui.optimizers.querySelector<HTMLInputElement>(`input[value="${c.id}"]`)?.checked);

function ratioText(ms: number, baseline: number | undefined): string {
  return baseline && Number.isFinite(ms) ? `${(ms / baseline).toFixed(2)}×` : '';
}

function trainer(model: tfl.LayersModel, label: string, firstStep: number, batchSize: number, evalEvery: number, data: TrainingData): RunTrainer {
  return new RunTrainer(model, data, {
    batchSize,
    evalEvery,
    firstStep,
    seed: BATCH_SEED + firstStep,
    onStep: (p) => void pendingLoss.push({ optimizer: label, step: p.step, loss: p.loss }),
    onEval: (p) => void pendingAccuracy.push({ optimizer: label, step: p.step, accuracy: p.accuracy }),
  });
}

// Chart rows wait here until a round of steps is over: one redraw per round instead of one per
// optimizer step keeps rendering (and its garbage collection) away from the timed steps.
let pendingLoss: LossRow[] = [];
let pendingAccuracy: AccuracyRow[] = [];

async function flushCharts(): Promise<void> {
  const [loss, accuracy] = [pendingLoss, pendingAccuracy];
  pendingLoss = [];
  pendingAccuracy = [];
  if (loss.length > 0) await charts.addLoss(loss);
  if (accuracy.length > 0) await charts.addAccuracy(accuracy);
  await yieldToBrowser();
}

/** Steps `t` until `steps` are done, it diverges, or Stop is pressed. */
async function runToEnd(t: RunTrainer, steps: number): Promise<void> {
  for (let i = 0; i < steps && !t.diverged && !stopRequested; i++) {
    await t.step(i === steps - 1);
    await flushCharts();
  }
}

async function compare(): Promise<void> {
  const choices = selectedChoices();
  if (choices.length === 0) throw new RangeError('Select at least one optimizer.');
  const modelName = ui.model.value as ModelName;
  const interleaved = ui.order.value === 'interleaved';
  const noiseScale = readNumber(ui.noise, 'Noise scale', false, true);
  const learningRate = readNumber(ui.lr, 'Learning rate', false);
  const steps = readNumber(ui.steps, 'Steps per optimizer', true);
  const batchSize = readNumber(ui.batch, 'Batch size', true);
  const evalEvery = readNumber(ui.evalEvery, 'Evaluate every', true);
  const backend = await activateBackend(ui.backend.value as BackendRequest);
  for (const r of runs) disposeRun(r);
  runs = [];
  await charts.reset(choices);
  const data = uploadDigits(digits!, TEST_IMAGES);
  const costs: Array<{ optimizer: string; ms: number }> = [];
  let baseline: number | undefined;
  const start = (choice: OptimizerChoice) => {
    const model = buildModel(modelName, [28, 28, 1], 10, { seed: MODEL_SEED });
    model.compile({ optimizer: choice.make({ learningRate, noiseScale, seed: 42 }), loss: 'categoricalCrossentropy' });
    return { choice, t: trainer(model, choice.label, 0, batchSize, evalEvery, data) };
  };
  const finish = async ({ choice, t }: { choice: OptimizerChoice; t: RunTrainer }) => {
    const ms = t.medianStepMs();
    if (choice.id === 'sgd') baseline = ms;
    costs.push({ optimizer: choice.label, ms });
    await charts.setCosts(costs.map((c) => ({ ...c, ratio: ratioText(c.ms, baseline) })));
    const accuracy = t.evals.at(-1)?.accuracy ?? NaN;
    const run: Run = { id: `${choice.id}-${backend}-${modelName}`, choice, model: t.model, modelName, backend, noise: choice.describeNoise(noiseScale), steps: t.steps.length, accuracy };
    runs.push(run);
    table.add({
      optimizer: choice.label,
      backend,
      model: modelName,
      steps: String(t.steps.length),
      loss: t.finalLoss(),
      accuracy,
      msPerStep: ms,
      ratio: ratioText(ms, baseline),
      noise: run.noise,
      note: t.diverged ? 'diverged (loss not finite)' : t.steps.length < steps ? 'stopped' : '',
    });
  };
  try {
    if (interleaved) {
      // Round-robin, one step each: a busy machine slows every optimizer alike, so the ratios hold.
      // Each round starts one optimizer further on: the first step after a repaint shares the
      // CPU with the compositor (all of it, under SwiftShader), and no optimizer should always pay that.
      setStatus(ui.status, 'training', `Training ${choices.length} optimizers interleaved on ${backend}…`);
      const started = choices.map(start);
      for (let i = 0; i < steps && !stopRequested; i++) {
        for (let k = 0; k < started.length; k++) {
          const s = started[(i + k) % started.length]!;
          if (!s.t.diverged) await s.t.step(i === steps - 1);
        }
        await flushCharts();
      }
      for (const s of started) await finish(s);
    } else {
      for (const [i, choice] of choices.entries()) {
        if (stopRequested) break;
        setStatus(ui.status, 'training', `Training ${choice.label} on ${backend} (${i + 1} of ${choices.length})…`);
        const s = start(choice);
        await runToEnd(s.t, steps);
        await finish(s);
      }
    }
  } finally {
    data.dispose();
  }
  ui.savedRun.replaceChildren(...runs.map((r) => new Option(`${r.choice.label} (${r.backend}, ${r.modelName})`, r.id)));
  setStatus(ui.status, 'done', `Done: ${runs.length} optimizer${runs.length === 1 ? '' : 's'} on ${backend}; ${tf.memory().numTensors} tensors held.`);
}

function disposeRun(r: Run): void {
  r.model.optimizer?.dispose();
  r.model.dispose();
}

async function save(): Promise<void> {
  const run = runs.find((r) => r.id === ui.savedRun.value);
  if (!run) throw new RangeError('Pick a trained run to save.');
  setStatus(ui.storeStatus, 'saving', `Saving ${run.choice.label}…`);
  const s = await saveModel(run.model, run.id);
  saved = { key: s.key, run, iterations: s.iterations };
  setStatus(
    ui.storeStatus,
    'saved',
    `Saved ${run.choice.label} to IndexedDB (${(s.weightBytes / 1024).toFixed(0)} KiB, ${s.optimizerWeights} optimizer weights, step ${s.iterations}).`,
  );
}

async function resume(): Promise<void> {
  if (!saved) throw new RangeError('Save a run first.');
  const steps = readNumber(ui.resumeSteps, 'Continue for', true);
  const batchSize = readNumber(ui.batch, 'Batch size', true);
  const evalEvery = readNumber(ui.evalEvery, 'Evaluate every', true);
  const backend = await activateBackend(ui.backend.value as BackendRequest);
  setStatus(ui.storeStatus, 'loading', `Loading ${saved.key} from IndexedDB…`);
  const loaded = await loadModel(saved.key);
  const label = saved.run.choice.label;
  await charts.ensureSeries(saved.run.choice);
  const data = uploadDigits(digits!, TEST_IMAGES);
  let t: RunTrainer;
  let reloadedAccuracy: number;
  try {
    // The weights came back intact if the reloaded model scores what the saved one did.
    reloadedAccuracy = await testAccuracy(loaded.model, data);
    setStatus(ui.storeStatus, 'training', `Loaded ${loaded.className} at step ${loaded.iterations}; continuing for ${steps} steps on ${backend}…`);
    t = trainer(loaded.model, label, loaded.iterations, batchSize, evalEvery, data);
    await runToEnd(t, steps);
  } finally {
    data.dispose();
  }
  const end = loaded.optimizer.iterations;
  table.add({
    optimizer: label,
    backend,
    model: saved.run.modelName,
    steps: `${loaded.iterations + 1}–${end}`,
    loss: t.finalLoss(),
    accuracy: t.evals.at(-1)?.accuracy ?? NaN,
    msPerStep: t.medianStepMs(),
    ratio: '',
    noise: saved.run.noise,
    note: `loaded from IndexedDB (${loaded.className})`,
  });
  loaded.optimizer.dispose();
  loaded.model.dispose();
  const pct = (a: number) => `${(a * 100).toFixed(2)}%`;
  setStatus(
    ui.storeStatus,
    'resumed',
    `Loaded ${loaded.className} at step ${loaded.iterations} (test accuracy ${pct(reloadedAccuracy)}; when saved ${pct(saved.run.accuracy)}) and continued to step ${end} on ${backend}.`,
  );
}

/** Runs a button's action; expected problems (bad input, a backend missing) show in the page only. */
async function act(target: HTMLElement, action: () => Promise<void>): Promise<void> {
  if (busy) return;
  stopRequested = false;
  setBusy(true);
  setStatus(target, 'working', 'Starting…');
  try {
    await action();
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    setStatus(target, 'error', message);
    if (!(e instanceof RangeError) && !/does not initialise/.test(message)) console.error(e);
  } finally {
    setBusy(false);
  }
}

ui.form.addEventListener('submit', (e) => {
  e.preventDefault();
  void act(ui.status, compare);
});
ui.stop.addEventListener('click', () => {
  stopRequested = true;
});
ui.save.addEventListener('click', () => void act(ui.storeStatus, save));
ui.resume.addEventListener('click', () => void act(ui.storeStatus, resume));

async function start(): Promise<void> {
  table = new ResultsTable($<HTMLTableElement>('results'));
  charts = new LiveCharts({ loss: $('chart-loss'), accuracy: $('chart-accuracy'), cost: $('chart-cost') });
  await charts.reset(selectedChoices());
  const [loadedDigits, best] = await Promise.all([loadDigits(), activateBackend('best')]);
  digits = loadedDigits;
  ui.backend.options[0]!.text = `best available (${best})`;
  setStatus(ui.status, 'ready', `${digits.train.count.toLocaleString('en')} training and ${digits.test.count.toLocaleString('en')} test digits loaded; best backend here: ${best}.`);
  setBusy(false);
}

start().catch((e) => {
  setStatus(ui.status, 'error', e instanceof Error ? e.message : String(e));
  console.error(e);
});
