import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { NoiseInjectionNode, ThetaNormProbe, decayRate } from '@tfjs-noise/core/layers';
import { fitShuffledEpoch } from '@tfjs-noise/examples';
import { fmt, markdownTable, mean, median } from '../stats';
import { lineChart } from './charts';
import type { DataSources, Scale, Section } from './experiment';
import { evaluate, subsets } from './trainer';
import { compare, decide, type Gate } from './verdict';

/** Settings fixed by the protocol (packages/benchmarks/protocols/nin.md). */
const WIDTHS = [256, 128, 64];
const LR = 0.2;
const BATCH = 32;
const MAX_EPOCHS = 200;
const SIGMAS = [0.1, 0.3, 1, 2, 3, 5, 10, 30, 100, 1000];
/** The two decay-phase noise scales whose decay times are compared (both reached 100% in the pilot). */
const SIGMA_LO = 1;
const SIGMA_HI = 3;
/** |ln(‖θ_end‖/‖θ_0‖)| below this: θ moved less than ~5% over the whole run (decoupled). */
const DECOUPLED = 0.05;
const SMALLEST_EFFECT = Math.log(1.5);

export type NinPhaseHere = 'decoupled' | 'decay' | 'catapult' | 'divergent';

/**
 * Phase of one run, by the protocol's rules, in this order: divergent when training failed (the loss is
 * not finite, or the run missed 100% training accuracy and ended below 50%); catapult when ‖θ‖ first rose
 * above 1.5× its start; decoupled when ‖θ‖ ended within ~5% of its start; decay otherwise.
 */
export function phaseOf(norms: number[], r: { finiteLoss: boolean; reached: boolean; trainAcc: number }): NinPhaseHere {
  if (!r.finiteLoss || (!r.reached && r.trainAcc < 0.5)) return 'divergent';
  if (Math.max(...norms) > 1.5 * norms[0]!) return 'catapult';
  if (Math.abs(Math.log(norms.at(-1)! / norms[0]!)) < DECOUPLED) return 'decoupled';
  return 'decay';
}

/** A 3-hidden-layer ReLU MLP with one Noise Injection Node on the first hidden layer's pre-activation. */
function ninMlp(sigma: number, seed: number, widths: number[]): tfl.LayersModel {
  const model = tfl.sequential();
  model.add(tfl.layers.flatten({ inputShape: [28, 28, 1] }));
  widths.forEach((units, i) => {
    model.add(tfl.layers.dense({ units, kernelInitializer: tfl.initializers.heNormal({ seed: seed * 10 + i }) }));
    if (i === 0) model.add(new NoiseInjectionNode({ scale: sigma, seed: seed * 10, name: `nin_s${seed}_${String(sigma).replace('.', 'p')}` }));
    model.add(tfl.layers.activation({ activation: 'relu' }));
  });
  model.add(tfl.layers.dense({ units: 10, activation: 'softmax', kernelInitializer: tfl.initializers.glorotUniform({ seed }) }));
  return model;
}

type Run = {
  sigma: number;
  seed: number;
  epochs: number;
  reached: boolean;
  trainAcc: number;
  testAcc: number;
  norms: number[];
  losses: number[];
  /** Least-squares rate of −ln‖θ‖ per epoch over the whole run; the NIW decay time is 1/rate. */
  rate: number;
  lossRate: number;
  phase: NinPhaseHere;
};

/**
 * Levi, Bloch, Freytsis, Volansky 2022 ("Noise Injection as a Probe of Deep Learning Dynamics",
 * arXiv:2210.13599), Fig. 1: a 3-hidden-layer ReLU MLP with a Noise Injection Node, trained on
 * Fashion-MNIST to 100% training accuracy, over a sweep of the noise scale σ; the NIN weights' decay
 * time against σ and the phases it passes through.
 */
export async function noiseInjectionNodes(data: DataSources, s: Scale): Promise<Section> {
  const d = data.fashion;
  const trainCount = s.quick ? 64 : 256;
  const { train, test, trainSplit, testSplit } = subsets(d, trainCount, s.quick ? 500 : 2000);
  const sigmas = s.quick ? [0.1, SIGMA_LO, SIGMA_HI, 1000] : SIGMAS;
  const seeds = s.quick ? [1, 2] : [1, 2, 3, 4, 5];
  const maxEpochs = s.quick ? 3 : MAX_EPOCHS;
  const widths = s.quick ? [32, 16, 8] : WIDTHS;
  const stepsPerEpoch = Math.ceil(trainCount / BATCH);
  const runs: Run[] = [];
  for (const sigma of sigmas) {
    for (const seed of seeds) {
      const model = ninMlp(sigma, seed, widths);
      model.compile({ optimizer: tf.train.sgd(LR), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
      const probe = new ThetaNormProbe(model);
      const losses: number[] = [];
      let trainAcc = 0;
      let epoch = 0;
      for (; epoch < maxEpochs; epoch++) {
        losses.push(await fitShuffledEpoch(model, train, { seed, epoch, batchSize: BATCH, callbacks: probe.callbacks() }));
        [, trainAcc] = evaluate(model, train);
        // The paper's stopping point: 100% training accuracy (evaluated without noise).
        if (!Number.isFinite(losses.at(-1)!) || trainAcc >= 1) break;
      }
      await probe.record();
      const norms = Object.values(probe.norms)[0]!.slice(0, -1); // the last record repeats the final epoch's
      const [, testAcc] = evaluate(model, test);
      model.dispose();
      const finiteLoss = losses.every(Number.isFinite);
      const reached = trainAcc >= 1;
      const run: Run = {
        sigma,
        seed,
        epochs: losses.length,
        reached,
        trainAcc,
        testAcc,
        norms,
        losses,
        rate: decayRate(norms),
        lossRate: decayRate(losses),
        phase: phaseOf(norms, { finiteLoss, reached, trainAcc }),
      };
      runs.push(run);
      s.log(
        `  nin σ=${sigma} seed ${seed}: ${run.epochs} epochs, train ${fmt(100 * trainAcc, 1)}%, test ${fmt(100 * testAcc, 1)}%, ‖θ‖ ${fmt(norms[0]!, 2)} → ${fmt(norms.at(-1)!, 2)}, ` +
          `NIW decay time ${fmt(1 / run.rate, 0)} epochs, ${run.phase}`,
      );
    }
  }
  tf.dispose([train.xs, train.ys, test.xs, test.ys]);

  const at = (sigma: number) => runs.filter((r) => r.sigma === sigma);
  const lo = at(SIGMA_LO);
  const hi = at(SIGMA_HI);
  const smallest = at(sigmas[0]!);
  const largest = at(sigmas.at(-1)!);
  const lnTau = (rs: Run[]) => rs.map((r) => (r.rate > 0 ? -Math.log(r.rate) : NaN));
  const gates: Gate[] = [
    {
      name: 'training reaches the paper\'s stopping point (100% training accuracy) at the compared σ',
      passed: [...lo, ...hi].every((r) => r.reached),
      detail:
        `σ = ${SIGMA_LO}: ${lo.filter((r) => r.reached).length} of ${lo.length} runs, epochs ${lo.map((r) => r.epochs).join(', ')}; ` +
        `σ = ${SIGMA_HI}: ${hi.filter((r) => r.reached).length} of ${hi.length}, epochs ${hi.map((r) => r.epochs).join(', ')} (cap ${maxEpochs}); ` +
        `over the whole sweep ${runs.filter((r) => r.reached).length} of ${runs.length} runs reached 100%`,
    },
    {
      name: 'the NIN weights decay at the compared σ (a decay time exists)',
      passed: [...lo, ...hi].every((r) => r.rate > 0),
      detail: `decay rates per epoch at σ = ${SIGMA_LO}: ${lo.map((r) => r.rate.toExponential(2)).join(', ')}; at σ = ${SIGMA_HI}: ${hi.map((r) => r.rate.toExponential(2)).join(', ')} (must be > 0)`,
    },
    {
      name: 'the σ range spans the regimes (decoupled at the smallest σ, training fails at the largest)',
      passed: smallest.every((r) => r.phase === 'decoupled') && largest.every((r) => r.phase === 'divergent'),
      detail:
        `σ = ${sigmas[0]}: |ln(‖θ_end‖/‖θ_0‖)| ${smallest.map((r) => fmt(Math.abs(Math.log(r.norms.at(-1)! / r.norms[0]!)), 3)).join(', ')} (decoupled below ${DECOUPLED}); ` +
        `σ = ${sigmas.at(-1)}: phases ${largest.map((r) => r.phase).join(', ')}, final training accuracy ${largest.map((r) => fmt(100 * r.trainAcc, 1)).join(', ')}%`,
    },
  ];
  const claim = decide(
    'Within the decay phase, the Noise Injection Node weights decay faster as the noise scale σ grows (Fig. 1 right: NIW decay time against σ), between a decoupled phase at small σ (θ stays put) and failure at large σ.',
    gates,
    [compare(`ln(NIW decay time in epochs): σ = ${SIGMA_HI} − σ = ${SIGMA_LO}`, lnTau(hi), lnTau(lo), { predicts: 'below', smallestEffect: SMALLEST_EFFECT })],
  );

  const phaseCounts = (rs: Run[]) =>
    (['decoupled', 'decay', 'catapult', 'divergent'] as NinPhaseHere[])
      .map((p) => [p, rs.filter((r) => r.phase === p).length] as const)
      .filter(([, n]) => n > 0)
      .map(([p, n]) => `${p} ${n}`)
      .join(', ');
  const tau = (r: Run) => (r.rate > 0 ? 1 / r.rate : Infinity);
  const table = markdownTable(
    ['σ', `phases (of ${seeds.length} seeds)`, 'reached 100%', 'epochs (median)', '‖θ‖ start → end (mean)', 'NIW decay time, epochs (median)', 'train-loss decay time, epochs (median)', 'test accuracy % (mean)'],
    sigmas.map((sigma) => {
      const rs = at(sigma);
      return [
        String(sigma),
        phaseCounts(rs),
        `${rs.filter((r) => r.reached).length} of ${rs.length}`,
        fmt(median(rs.map((r) => r.epochs)), 0),
        `${fmt(mean(rs.map((r) => r.norms[0]!)), 2)} → ${fmt(mean(rs.map((r) => r.norms.at(-1)!)), 2)}`,
        fmt(median(rs.map(tau)), 0),
        fmt(median(rs.map((r) => (r.lossRate > 0 ? 1 / r.lossRate : Infinity))), 0),
        fmt(100 * mean(rs.map((r) => r.testAcc)), 1),
      ];
    }),
  );
  // Log-log slope of the decay rate against σ per seed, over the decay-phase σ values (descriptive).
  const slope = (seed: number) => {
    const pts = runs.filter((r) => r.seed === seed && r.phase === 'decay' && r.rate > 0).map((r) => [Math.log(r.sigma), Math.log(r.rate)] as const);
    if (pts.length < 2) return NaN;
    const mx = mean(pts.map((p) => p[0]));
    const my = mean(pts.map((p) => p[1]));
    return pts.reduce((a, [x, y]) => a + (x - mx) * (y - my), 0) / pts.reduce((a, [x]) => a + (x - mx) ** 2, 0);
  };
  const slopes = seeds.map(slope);
  const decayChart = await lineChart(
    runs.filter((r) => r.rate > 0).map((r) => ({ sigma: r.sigma, tau: 1 / r.rate, seed: `seed ${r.seed}` })),
    { x: 'sigma', y: 'tau', color: 'seed', title: 'NIW decay time (epochs, 1 / fitted rate) against σ', logX: true, logY: true },
  );
  const thetaChart = await lineChart(
    runs
      .filter((r) => r.seed === seeds[0])
      .flatMap((r) => r.norms.map((n, epoch) => ({ epoch, norm: n, sigma: `σ = ${r.sigma}` }))),
    { x: 'epoch', y: 'norm', color: 'sigma', title: `‖θ‖ of the Noise Injection Node over training (seed ${seeds[0]})`, logY: true },
  );

  return {
    id: 'nin',
    title: 'Noise Injection Nodes: NIW decay time against the noise scale (Levi et al. 2022)',
    paper: 'N. Levi, I. M. Bloch, M. Freytsis, T. Volansky. Noise Injection as a Probe of Deep Learning Dynamics. arXiv:2210.13599, 2022 (ICLR 2023 Physics4ML workshop). Companion: Noise Injection Node Regularization for Robust Learning, arXiv:2210.15764.',
    protocolFile: 'packages/benchmarks/protocols/nin.md',
    protocol: [
      { aspect: 'data', paper: 'Fashion-MNIST, trained to 100% training accuracy (subset size not available to us)', here: `Fashion-MNIST${data.fashionNote}: the first ${trainSplit.count} training images, ${testSplit.count} test images`, source: 'Fig. 1 caption' },
      { aspect: 'model', paper: '3-hidden-layer ReLU MLP, CE loss, one NIN connected through NIWs', here: `784-${widths.join('-')}-10 ReLU, He init, one NoiseInjectionNode (θ ~ U[−1, 1)) on the first hidden pre-activation`, source: 'Fig. 1, §2' },
      { aspect: 'optimizer', paper: 'vanilla SGD (lr, batch not available to us)', here: `tf.train.sgd lr ${LR}, batch ${BATCH} (${stepsPerEpoch} steps per epoch)`, source: '§1' },
      { aspect: 'stopping', paper: '100% training accuracy', here: `first epoch with 100% training accuracy (without noise), cap ${maxEpochs} epochs`, source: 'Fig. 1 caption' },
      { aspect: 'σ sweep', paper: 'over decades, four shaded phases', here: `${sigmas.length} values: ${sigmas.join(', ')}`, source: 'Fig. 1 right' },
      { aspect: 'decay time', paper: 'fits of exponential decays to the NIW, training-loss and test-loss curves', here: 'least-squares fit of ln‖θ‖ (and of ln training loss) against epoch over the run; decay time = 1 / rate', source: 'Fig. 1 center' },
      { aspect: 'seeds', paper: 'not available to us', here: `${seeds.length} paired seeds per σ (same init, data subset, batch order and ε sequence)`, source: '—' },
    ],
    setup:
      `${d.name}${data.fashionNote}: ${trainSplit.count} train / ${testSplit.count} test. MLP 784-${widths.join('-')}-10, ReLU, He init; one Noise Injection Node on the first hidden ` +
      `pre-activation: z = Wx + b + σ·ε·θ, ε ~ N(0, 1) per example, θ trainable. SGD lr ${LR}, batch ${BATCH}; each run stops at the first epoch with 100% training accuracy ` +
      `(cap ${maxEpochs} epochs). σ ∈ {${sigmas.join(', ')}}, seeds ${seeds.join(', ')}. NIW decay time = 1 / (least-squares rate of −ln‖θ‖ per epoch).`,
    claims: [claim],
    probes: [
      'Pilot seed 101, 512 images, lr 0.05, batch 64, cap 300 epochs: σ 0.01 / 0.1 / 1 reached 100% in 90 / 90 / 119 epochs with ‖θ‖ 8.92 → 8.92 / 8.90 / 8.72; σ 10 reached only 98.8% in 300 epochs (‖θ‖ → 5.64); σ 100 failed (13.7%). Decay too slow against training at this lr.',
      'Pilot seed 101, 512 images, lr 0.2, batch 32: σ 1 reached 100% in 87 epochs (‖θ‖ 8.92 → 8.18), σ 3 in 91 (→ 6.40); 10 s of CPU per run, too slow for 50 runs.',
      'Pilot seed 101, 256 images, lr 0.2, batch 32, cap 200 (the settings fixed here): σ 0.1 / 1 / 3 / 10 reached 100% in 47 / 77 / 95 / 200 epochs with ‖θ‖ 8.92 → 8.90 / 8.41 / 6.83 / 1.59 (decay rates 0.0000 / 0.0007 / 0.0026 / 0.0082 per epoch); σ 30 / 100 / 300 / 1000 failed (training accuracy 10.9 / 11.7 / 9.8 / 14.8%), ‖θ‖ at σ 1000 grew to 19.2. CPU 4–12 s per run.',
    ],
    tables: [table, markdownTable(['seed', 'log-log slope of the decay rate against σ over its decay-phase runs'], seeds.map((seed, i) => [String(seed), fmt(slopes[i]!, 2)]))],
    charts: [
      { file: 'nin-decay.svg', svg: decayChart },
      { file: 'nin-theta.svg', svg: thetaChart },
    ],
    notes: [
      'The paper\'s subset size, widths, learning rate, batch size and NIW initialisation were not available to us (only the abstract, the Fig. 1 caption and summaries could be read offline); all were chosen on the pilot above.',
      'Decay times longer than the run are extrapolations of the fitted exponential, as in any fit over a run shorter than the decay.',
      'The catapult phase (θ grows, then decays, while training succeeds) is defined but was not seen in the pilot.',
    ],
    data: { sigmas, seeds, trainCount, stepsPerEpoch, runs, slopes },
  };
}
