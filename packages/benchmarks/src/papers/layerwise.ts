import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { chain, cosineDecay, hessianTrace, sgdUpdate, type LayerwiseMode } from '@tfjs-noise/core';
import { fitShuffledEpoch, head, pixelsPerImage } from '@tfjs-noise/examples';
import { LayerwisePerturbedGD } from '@tfjs-noise/optimizers';
import { fmt, markdownTable, mean, pm, std } from '../stats';
import { barChart, lineChart } from './charts';
import type { DataSources, Scale, Section } from './experiment';
import { bootstrapLogLogSlope, logLogSlope, type SlopeCI } from './logLogSlope';
import { torchDefaultMlp } from './torchDefaultMlp';
import { evaluate, sliceTensors, tensorsOf, type Tensors } from './trainer';
import { compare, decide, type Gate } from './verdict';

/**
 * Orvieto, Raj, Kersting, Bach 2023: layer-wise perturbed GD. Protocol:
 * packages/benchmarks/protocols/layerwise.md (fixed before the confirmatory
 * run; the constants below are the ones it names).
 */
/** σ of the authors' code (main.py: sigma = 0.03); `all` mode uses σ/√K per tensor, `layer` σ on one tensor. */
const SIGMA = 0.03;
const MOMENTUM = 0.9;
const WEIGHT_DECAY = 5e-4;
const BATCH = 128;
/** Gate: every run fits its training subset (the interpolation regime the trace regulariser acts in). */
const TRAIN_ACC_GATE = 0.99;
/** Gate: each cell's variance estimate has a relative standard error at most this. */
const VARIANCE_RSE_GATE = 0.2;
const SLOPE_SMALLEST_EFFECT = 0.1;
/** In percentage points of test accuracy. */
const ACC_SMALLEST_EFFECT = 0.5;
const TRACE_SMALLEST_EFFECT = 0.05;

type Sizes = {
  widths: number[];
  pairs: number;
  varianceBatch: number;
  train: number;
  test: number;
  hidden: number[];
  epochs: number;
  lr: number;
  probes: number;
  probeImages: number;
  seeds: number[];
};
const FULL: Sizes = { widths: [64, 256, 1024], pairs: 100, varianceBatch: 64, train: 2048, test: 5000, hidden: [500, 500, 500], epochs: 80, lr: 0.1, probes: 30, probeImages: 512, seeds: [1, 2, 3, 4, 5] };
// Quick: a smoke run of every code path (2 seeds for the paired CI); it says nothing about the claims.
const QUICK: Sizes = { widths: [16, 64], pairs: 3, varianceBatch: 16, train: 256, test: 256, hidden: [32, 32, 32], epochs: 2, lr: 0.05, probes: 3, probeImages: 64, seeds: [1, 2] };

type VarianceCell = { seed: number; width: number; mode: LayerwiseMode; pairs: number[]; fromClean: number[]; cleanNorm: number };

/**
 * Perturbed-gradient spread at initialisation for one seed and width: `pairs`
 * pairs of independent draws of ∇L(w + ξ) on one fixed batch (ξ the only
 * randomness), each pair giving ½‖g₁ − g₂‖², an unbiased estimate of the total
 * variance E‖g − Eg‖². Also ‖g₁ − ∇L(w)‖² (variance plus squared bias).
 */
async function varianceAtInit(width: number, seed: number, batch: Tensors, pairs: number): Promise<VarianceCell[]> {
  const model = torchDefaultMlp([28, 28, 1], [width, width], 10, seed);
  const vars = model.trainableWeights.map((w) => w.read() as tf.Variable);
  const f = () => tf.losses.softmaxCrossEntropy(batch.ys, model.apply(batch.xs) as tf.Tensor) as tf.Scalar;
  const clean = (() => {
    const { value, grads } = tf.variableGrads(f, vars);
    value.dispose();
    return vars.map((v) => grads[v.name]!);
  })();
  const cells: VarianceCell[] = [];
  const sq = (a: tf.Tensor[], b: tf.Tensor[]) => tf.addN(a.map((t, i) => tf.sum(tf.square(tf.sub(t, b[i]!))))) as tf.Scalar;
  for (const mode of ['all', 'layer'] as LayerwiseMode[]) {
    const pairScalars: tf.Scalar[] = [];
    const cleanScalars: tf.Scalar[] = [];
    for (let k = 0; k < pairs; k++) {
      // A fresh optimizer per draw, each with its own seed: step 0, so `random` choice picks a uniformly random tensor.
      const draw = (j: number) => {
        const opt = new LayerwisePerturbedGD({ noise: SIGMA, mode, choice: 'random', seed: seed * 1_000_003 + width * 1009 + 2 * k + j });
        const { value, grads } = opt.computeGradients(f, vars);
        value.dispose();
        opt.dispose();
        return vars.map((v) => grads[v.name]!);
      };
      const g1 = draw(0);
      const g2 = draw(1);
      pairScalars.push(tf.tidy(() => tf.mul(sq(g1, g2), 0.5) as tf.Scalar));
      cleanScalars.push(sq(g1, clean));
      tf.dispose([...g1, ...g2]);
    }
    const values = Array.from(await tf.stack([...pairScalars, ...cleanScalars]).data());
    tf.dispose([...pairScalars, ...cleanScalars]);
    cells.push({ seed, width, mode, pairs: values.slice(0, pairs), fromClean: values.slice(pairs), cleanNorm: 0 });
  }
  const norm = (await tf.tidy(() => tf.addN(clean.map((t) => tf.sum(tf.square(t))))).data())[0]!;
  for (const c of cells) c.cleanNorm = norm;
  tf.dispose(clean);
  model.dispose();
  return cells;
}

type TrainRun = { testAcc: number; trainAcc: number; trainLoss: number; trace: number; traceSE: number };

async function trainArm(sigma: number, seed: number, z: Sizes, train: Tensors, test: Tensors, probe: Tensors): Promise<TrainRun> {
  const steps = z.epochs * Math.ceil(train.xs.shape[0] / BATCH);
  // PyTorch's CosineAnnealingLR steps per epoch; here per step (the same curve, sampled finer).
  const learningRate = cosineDecay({ initial: z.lr, decaySteps: steps });
  const optimizer =
    sigma === 0
      ? chain(sgdUpdate({ learningRate, momentum: MOMENTUM, weightDecay: WEIGHT_DECAY }))
      : new LayerwisePerturbedGD({ learningRate, momentum: MOMENTUM, weightDecay: WEIGHT_DECAY, noise: sigma, mode: 'layer', choice: 'cyclic', seed });
  const model: tfl.LayersModel = torchDefaultMlp([28, 28, 1], z.hidden, 10, seed);
  model.compile({ optimizer, loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
  for (let epoch = 0; epoch < z.epochs; epoch++) await fitShuffledEpoch(model, train, { seed, epoch, batchSize: BATCH });
  const [trainLoss, trainAcc] = evaluate(model, train);
  const testAcc = evaluate(model, test)[1];
  const vars = model.trainableWeights.map((w) => w.read() as tf.Variable);
  const h = await hessianTrace(() => tf.losses.softmaxCrossEntropy(probe.ys, model.apply(probe.xs) as tf.Tensor) as tf.Scalar, vars, { samples: z.probes, seed: 7000 + seed });
  model.dispose();
  return { testAcc, trainAcc, trainLoss, trace: h.mean, traceSE: h.std / Math.sqrt(z.probes) };
}

export async function layerwise(data: DataSources, s: Scale): Promise<Section> {
  const z = s.quick ? QUICK : FULL;
  const d = data.fashion;
  const px = pixelsPerImage(d);
  const train = tensorsOf(head(d.train, px, z.train), d);
  const test = tensorsOf(head(d.test, px, z.test), d);
  const probe = sliceTensors(train, z.probeImages);
  const batch = sliceTensors(train, z.varianceBatch);

  // 1. Variance at initialisation versus width.
  const cells: VarianceCell[] = [];
  for (const seed of z.seeds) {
    for (const width of z.widths) {
      cells.push(...(await varianceAtInit(width, seed, batch, z.pairs)));
      const [a, l] = cells.slice(-2);
      s.log(`  layerwise variance seed ${seed} width ${width}: all ${mean(a!.pairs).toExponential(3)}, layer ${mean(l!.pairs).toExponential(3)}`);
    }
  }
  const cell = (seed: number, width: number, mode: LayerwiseMode) => cells.find((c) => c.seed === seed && c.width === width && c.mode === mode)!;
  const slopeOf = (seed: number, mode: LayerwiseMode) => logLogSlope(z.widths, z.widths.map((w) => mean(cell(seed, w, mode).pairs)));
  const slopes = { all: z.seeds.map((sd) => slopeOf(sd, 'all')), layer: z.seeds.map((sd) => slopeOf(sd, 'layer')) };
  const pooled: Record<LayerwiseMode, SlopeCI> = {
    all: bootstrapLogLogSlope(z.widths, z.widths.map((w) => cells.filter((c) => c.width === w && c.mode === 'all').flatMap((c) => c.pairs)), { seed: 1 }),
    layer: bootstrapLogLogSlope(z.widths, z.widths.map((w) => cells.filter((c) => c.width === w && c.mode === 'layer').flatMap((c) => c.pairs)), { seed: 2 }),
  };
  const rse = Math.max(...cells.map((c) => std(c.pairs) / Math.sqrt(c.pairs.length) / mean(c.pairs)));
  const varianceClaim = decide(
    'Perturbing all layers at once (σ/√K each) makes the perturbed-gradient variance grow faster with width than perturbing one layer at a time (σ), at initialisation',
    [
      {
        name: 'variance estimates precise enough',
        passed: rse <= VARIANCE_RSE_GATE,
        detail: `largest relative standard error of a cell's variance estimate ${fmt(rse, 3)} (${z.pairs} pairs = ${2 * z.pairs} draws per cell); needs ≤ ${VARIANCE_RSE_GATE}`,
      },
    ],
    [compare('log-log slope of variance vs width: all − layer', slopes.all, slopes.layer, { predicts: 'above', smallestEffect: SLOPE_SMALLEST_EFFECT })],
  );

  // 2. The authors' MLP with cosine lr and weight decay, with and without layer-wise perturbation.
  const runs = { none: [] as TrainRun[], layer: [] as TrainRun[] };
  for (const seed of z.seeds) {
    runs.none.push(await trainArm(0, seed, z, train, test, probe));
    runs.layer.push(await trainArm(SIGMA, seed, z, train, test, probe));
    const [n, l] = [runs.none.at(-1)!, runs.layer.at(-1)!];
    s.log(
      `  layerwise train seed ${seed}: none ${fmt(100 * n.testAcc, 2)}% test / ${fmt(100 * n.trainAcc, 2)}% train / trace ${fmt(n.trace, 2)} ± ${fmt(n.traceSE, 2)}; ` +
        `layer ${fmt(100 * l.testAcc, 2)}% / ${fmt(100 * l.trainAcc, 2)}% / ${fmt(l.trace, 2)} ± ${fmt(l.traceSE, 2)}`,
    );
  }
  tf.dispose([train.xs, train.ys, test.xs, test.ys, probe.xs, probe.ys, batch.xs, batch.ys]);
  const all = [...runs.none, ...runs.layer];
  const minTrain = Math.min(...all.map((r) => r.trainAcc));
  const trainedGate: Gate = {
    name: 'training reaches the stopping point',
    passed: minTrain >= TRAIN_ACC_GATE,
    detail: `lowest final training accuracy over ${all.length} runs ${fmt(100 * minTrain, 2)}% (end of the cosine schedule); needs ≥ ${100 * TRAIN_ACC_GATE}%`,
  };
  const worstZ = Math.min(...all.map((r) => r.trace / r.traceSE));
  const traceGate: Gate = {
    name: 'Hessian-trace estimator accurate',
    passed: worstZ > 1.96,
    detail:
      `Hutchinson, ${z.probes} Rademacher probes on ${z.probeImages} training images: smallest mean/SE over runs ${fmt(worstZ, 2)}; ` +
      `needs > 1.96 (every 95% CI excludes 0); SE range ${fmt(Math.min(...all.map((r) => r.traceSE)), 3)}–${fmt(Math.max(...all.map((r) => r.traceSE)), 3)}`,
  };
  const col = (rs: TrainRun[], k: keyof TrainRun) => rs.map((r) => r[k]);
  const accuracyClaim = decide(
    'Layer-wise perturbation (σ on one tensor per step, cyclic) gives higher test accuracy than unperturbed SGD with the same schedule',
    [trainedGate],
    [compare('test accuracy (points): layer − none', col(runs.layer, 'testAcc').map((x) => 100 * x), col(runs.none, 'testAcc').map((x) => 100 * x), { predicts: 'above', smallestEffect: ACC_SMALLEST_EFFECT })],
  );
  const relTrace = runs.layer.map((r, i) => r.trace / runs.none[i]!.trace - 1);
  const traceClaim = decide(
    'Layer-wise perturbation ends at a lower Hessian trace (flatter minimum) than unperturbed SGD',
    [trainedGate, traceGate],
    [compare('Hessian trace: layer / none − 1', relTrace, relTrace.map(() => 0), { predicts: 'below', smallestEffect: TRACE_SMALLEST_EFFECT })],
  );

  const varianceTable = markdownTable(
    ['width', 'all: E‖g − Eg‖² (mean ± sd over seeds)', 'layer: E‖g − Eg‖²', 'all / layer', 'all: E‖g − ∇L(w)‖²', 'layer: E‖g − ∇L(w)‖²', '‖∇L(w)‖² (clean)'],
    z.widths.map((w) => {
      const m = (mode: LayerwiseMode, k: 'pairs' | 'fromClean') => z.seeds.map((sd) => mean(cell(sd, w, mode)[k]));
      return [
        String(w),
        `${mean(m('all', 'pairs')).toExponential(3)} ± ${std(m('all', 'pairs')).toExponential(1)}`,
        `${mean(m('layer', 'pairs')).toExponential(3)} ± ${std(m('layer', 'pairs')).toExponential(1)}`,
        fmt(mean(m('all', 'pairs')) / mean(m('layer', 'pairs')), 3),
        mean(m('all', 'fromClean')).toExponential(3),
        mean(m('layer', 'fromClean')).toExponential(3),
        mean(z.seeds.map((sd) => cell(sd, w, 'all').cleanNorm)).toExponential(3),
      ];
    }),
  );
  const slopeTable = markdownTable(
    ['mode', 'slope per seed', 'pooled slope [bootstrap 95% CI]'],
    (['all', 'layer'] as LayerwiseMode[]).map((mode) => [mode, slopes[mode].map((x) => fmt(x, 3)).join(', '), `${fmt(pooled[mode].slope, 3)} [${fmt(pooled[mode].low, 3)}, ${fmt(pooled[mode].high, 3)}]`]),
  );
  const trainTable = markdownTable(
    ['arm', 'test accuracy % (mean ± sd)', 'train accuracy %', 'train loss', 'Hessian trace (mean ± sd over seeds)', 'trace SE per run (Hutchinson)'],
    (['none', 'layer'] as const).map((arm) => [
      arm === 'none' ? 'SGD (no perturbation)' : `layer-wise, σ = ${SIGMA}`,
      pm(col(runs[arm], 'testAcc'), 2, 100),
      pm(col(runs[arm], 'trainAcc'), 2, 100),
      pm(col(runs[arm], 'trainLoss'), 4),
      pm(col(runs[arm], 'trace'), 2),
      col(runs[arm], 'traceSE').map((x) => fmt(x, 2)).join(', '),
    ]),
  );
  const charts = [
    {
      file: 'layerwise-variance.svg',
      svg: await lineChart(
        z.widths.flatMap((w) => (['all', 'layer'] as LayerwiseMode[]).map((mode) => ({ width: w, mode, variance: mean(z.seeds.map((sd) => mean(cell(sd, w, mode).pairs))) }))),
        { x: 'width', y: 'variance', color: 'mode', title: `Perturbed-gradient variance at init (σ = ${SIGMA}, ${2 * z.pairs} draws × ${z.seeds.length} seeds)`, logX: true, logY: true },
      ),
    },
    {
      file: 'layerwise-trace.svg',
      svg: await barChart(
        (['none', 'layer'] as const).map((arm) => ({ arm, trace: mean(col(runs[arm], 'trace')), sd: std(col(runs[arm], 'trace')) })),
        { x: 'arm', y: 'trace', color: 'arm', err: 'sd', title: `Hessian trace after training (${z.seeds.length} seeds)` },
      ),
    },
  ];
  const steps = z.epochs * Math.ceil(z.train / BATCH);
  return {
    id: 'layerwise',
    title: 'Layer-wise perturbed gradient descent (Orvieto, Raj, Kersting, Bach 2023)',
    paper:
      'Antonio Orvieto, Anant Raj, Hans Kersting, Francis Bach. "Explicit Regularization in Overparametrized Models via Noise Injection". AISTATS 2023, arXiv:2206.04613.',
    protocolFile: 'packages/benchmarks/protocols/layerwise.md',
    protocol: [
      { aspect: 'method', paper: 'gradient at w + ξ, update at w; layer-wise: only tensor t mod K perturbed, σ N(0, 1)', here: 'LayerwisePerturbedGD, mode layer, choice cyclic; baseline mode all = σ/√K on every tensor', source: 'github.com/aorvieto/noise_injection_overparam main.py, readme.md' },
      { aspect: 'parametrization', paper: 'PyTorch nn.Linear default (kernel and bias U(±1/√fan_in)), standard parametrization', here: 'the same, via torchDefaultMlp', source: 'authors\' models.py (default init); the theory section was not available here' },
      { aspect: 'variance vs width', paper: 'variance explosion with all-layer noise as width grows; bounded with layer-wise noise', here: `MLP 784-w-w-10, w ∈ {${z.widths.join(', ')}}, at init, ${2 * z.pairs} draws per (seed, width, mode), one fixed batch of ${z.varianceBatch}, σ = ${SIGMA}`, source: 'abstract; issue #9' },
      { aspect: 'training model', paper: 'MNISTNet1: 784-500-500-500-10 ReLU (Fashion-MNIST subsets)', here: `784-${z.hidden.join('-')}-10`, source: 'authors\' models.py, main.py' },
      { aspect: 'optimizer', paper: 'SGD momentum 0.9, weight decay 5e-4, CosineAnnealingLR over the epochs, batch 128, σ = 0.03', here: `the same; lr ${z.lr} (cosine per step to 0), ${z.epochs} epochs = ${steps} steps`, source: 'authors\' main.py; lr chosen by the probes below (the authors\' 0.01 is their CIFAR value)' },
      { aspect: 'data', paper: 'Fashion-MNIST random subset (size a setting)', here: `first ${z.train} Fashion-MNIST training images${data.fashionNote}; first ${z.test} test images`, source: 'authors\' main.py' },
      { aspect: 'Hessian trace', paper: 'PyHessian trace (Hutchinson), disabled in the public code', here: `Hutchinson, ${z.probes} Rademacher probes, central differences, ${z.probeImages} training images`, source: 'authors\' main.py' },
      { aspect: 'seeds', paper: 'not stated', here: `${z.seeds.join(', ')} (paired: same init, batch order, noise seed)`, source: 'framework rule' },
    ],
    setup:
      `Variance: at initialisation (PyTorch-default init), MLP 784-w-w-10 for w ∈ {${z.widths.join(', ')}}, one fixed batch of ${z.varianceBatch} training images; ` +
      `for each seed, width and mode, ${z.pairs} pairs of independent perturbed gradients (random tensor choice in layer mode), total variance ½E‖g₁ − g₂‖²; ` +
      `slope of log variance on log width per seed, and pooled over seeds with a percentile bootstrap (2,000 resamples). ` +
      `Training: MLP 784-${z.hidden.join('-')}-10 on the first ${z.train} Fashion-MNIST training images, batch ${BATCH}, SGD momentum ${MOMENTUM}, weight decay ${WEIGHT_DECAY}, ` +
      `lr ${z.lr} with cosine decay to 0 over ${steps} steps; arms: no perturbation and layer-wise σ = ${SIGMA}; seeds ${z.seeds.join(', ')}.`,
    claims: [varianceClaim, accuracyClaim, traceClaim],
    probes: [
      'Pilot (seed 1, 20 draws per cell, MLP 784-w-w-10, σ = 0.03, batch 64): variance all 6.0e-4 / 1.3e-3 / 5.9e-3 and layer 3.1e-4 / 8.1e-4 / 3.7e-3 at w = 64 / 256 / 1024.',
      'Pilot (seed 1, 60 epochs on 2,048 images, lr 0.01 as in the authors\' CIFAR script): no perturbation 89.11% train / 80.94% test, trace 370 ± 27 (SE, 10 probes); σ = 0.03: 87.60% / 80.72%, trace 258 ± 19. lr 0.01 does not fit the subset in 960 steps.',
      'Pilot (seed 1, 60 epochs): lr 0.05, no perturbation: 99.32% train / 82.28% test, trace 355 ± 14; lr 0.1, no perturbation: 99.46% / 82.56%, trace 128 ± 7; lr 0.1, σ = 0.03: 98.78% / 82.74%, trace 89 ± 6. Fixed lr 0.1 and 80 epochs (1,280 steps) so that both arms can fit the subset.',
      'Timing (tensorflow backend): ~20 CPU-s per 60-epoch run of the 784-500-500-500-10 MLP, ~0.09 CPU-s per Hutchinson probe on 512 images, 5–29 ms CPU per perturbed-gradient draw (width 64–1024).',
    ],
    tables: [varianceTable, slopeTable, trainTable],
    charts,
    notes: [
      'To first order the perturbed gradient is ∇L(w) + Hξ, and E‖Hξ‖² is the same in both modes when layer mode picks its tensor uniformly (σ² on one of K tensors vs σ²/K on all). The modes can differ only through higher-order terms (products of noise in different layers), so equal slopes are what a first-order argument predicts.',
      'The paper\'s theory section could not be read here; the parametrization is the one of the authors\' public code (PyTorch default init).',
    ],
    data: { sizes: z, sigma: SIGMA, slopes, pooled, cells: cells.map((c) => ({ seed: c.seed, width: c.width, mode: c.mode, variance: mean(c.pairs), fromClean: mean(c.fromClean), cleanNorm: c.cleanNorm })), runs },
  };
}
