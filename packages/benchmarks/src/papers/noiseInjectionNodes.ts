import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { NoiseInjectionNode, ThetaNormProbe, decayRate, ninPhase, type NinPhase } from '@tfjs-noise/core/layers';
import { fmt, markdownTable, mean } from '../stats';
import { lineChart } from './charts';
import type { DataSources } from './experiment';
import type { LegacyScale as Scale, LegacySection as Section } from './legacySection';
import { subsets, trainAndEvaluate } from './trainer';

const PHASE_ORDER: NinPhase[] = ['decoupled', 'decay', 'catapult', 'divergent'];

/** A 3-hidden-layer ReLU MLP with a Noise Injection Node on each hidden pre-activation. */
function ninMlp(sigma: number, seed: number): tfl.LayersModel {
  const model = tfl.sequential();
  model.add(tfl.layers.flatten({ inputShape: [28, 28, 1] }));
  [256, 128, 64].forEach((units, i) => {
    model.add(tfl.layers.dense({ units, kernelInitializer: tfl.initializers.heNormal({ seed: seed * 10 + i }) }));
    model.add(new NoiseInjectionNode({ scale: sigma, seed: seed * 10 + i, name: `nin${i + 1}_s${seed}_${String(sigma).replace('.', 'p')}` }));
    model.add(tfl.layers.activation({ activation: 'relu' }));
  });
  model.add(tfl.layers.dense({ units: 10, activation: 'softmax', kernelInitializer: tfl.initializers.glorotUniform({ seed }) }));
  return model;
}

/**
 * Levi, Bloch, Freytsis, Volansky 2022: Noise Injection Nodes as a probe of
 * training dynamics. Sweeps the noise scale σ over decades and follows ‖θ‖
 * of each node over training; labels each run's phase by the rules of
 * `ninPhase` and fits the exponential decay rate of ‖θ‖.
 */
export async function noiseInjectionNodes(data: DataSources, s: Scale): Promise<Section> {
  const d = data.fashion;
  const { train, test, trainSplit, testSplit } = subsets(d, s.quick ? 2000 : 5000, 5000);
  const sigmas = s.quick ? [0.01, 1, 100] : [0.001, 0.01, 0.1, 1, 10, 100];
  const epochs = s.quick ? 2 : 10;
  const seeds = s.seeds.slice(0, 2);
  const rows: Array<{ sigma: number; seed: number; norms: number[][]; rates: number[]; phases: NinPhase[]; acc: number }> = [];
  for (const sigma of sigmas) {
    for (const seed of seeds) {
      const model = ninMlp(sigma, seed);
      const probe = new ThetaNormProbe(model);
      const { losses, testAccuracy: acc } = await trainAndEvaluate(model, tf.train.sgd(0.05), train, test, { epochs, batchSize: 64, seed, callbacks: probe.callbacks() });
      const norms = Object.values(probe.norms);
      // Training diverged when its loss ends non-finite or no lower than after the first epoch.
      const lossDiverged = !Number.isFinite(losses.at(-1)!) || (losses.length > 1 && losses.at(-1)! >= losses[0]!);
      rows.push({ sigma, seed, norms, rates: norms.map((n) => decayRate(n)), phases: norms.map((n) => ninPhase(n, { lossDiverged })), acc });
      model.dispose();
      s.log(`  nin σ=${sigma} seed ${seed}: phases ${rows.at(-1)!.phases.join('/')}, ‖θ₁‖ ${fmt(norms[0]![0]!, 2)} → ${fmt(norms[0]!.at(-1)!, 2)}, acc ${fmt(100 * acc, 1)}%`);
    }
  }
  tf.dispose([train.xs, train.ys, test.xs, test.ys]);

  const table = markdownTable(
    ['σ', 'seed', 'phase (layer 1 / 2 / 3)', 'decay rate per epoch (1 / 2 / 3)', '‖θ₁‖ start → end', 'test accuracy %'],
    rows.map((r) => [
      String(r.sigma),
      String(r.seed),
      r.phases.join(' / '),
      r.rates.map((x) => fmt(x, 3)).join(' / '),
      `${fmt(r.norms[0]![0]!, 2)} → ${fmt(r.norms[0]!.at(-1)!, 3)}`,
      Number.isFinite(r.acc) ? fmt(100 * r.acc, 2) : 'NaN',
    ]),
  );
  // The phase of layer 1 per σ, by majority over seeds (ties: the later phase).
  const phaseAt = (sigma: number): NinPhase => {
    const ps = rows.filter((r) => r.sigma === sigma).map((r) => r.phases[0]!);
    return [...PHASE_ORDER].reverse().reduce((best, p) => (ps.filter((x) => x === p).length > ps.filter((x) => x === best).length ? p : best), ps[0]!);
  };
  const sequence = sigmas.map(phaseAt);
  const monotone = sequence.every((p, i) => i === 0 || PHASE_ORDER.indexOf(p) >= PHASE_ORDER.indexOf(sequence[i - 1]!));
  const seen = new Set(sequence);
  const chart = await lineChart(
    rows
      .filter((r) => r.seed === seeds[0])
      .flatMap((r) => r.norms[0]!.map((n, epoch) => ({ epoch, norm: Number.isFinite(n) && n > 0 ? n : 1e6, sigma: `σ = ${r.sigma}` }))),
    { x: 'epoch', y: 'norm', color: 'sigma', title: '‖θ‖ of the first Noise Injection Node over training', logY: true },
  );
  return {
    title: 'Noise Injection Nodes as a probe of training dynamics (Levi et al. 2022)',
    claim:
      'The magnitude of the trainable noise weights θ follows distinct phases as the noise scale σ grows: decoupled (small σ), decay (the network learns to shut the noise out), catapult (θ grows, then decays), divergent.',
    setup:
      `${d.name}${data.fashionNote}: ${trainSplit.count} train / ${testSplit.count} test. MLP 784-256-128-64-10, He init, a NIN on each hidden ` +
      `pre-activation (θ initialised uniform on [-1, 1)), SGD lr 0.05, batch 64, ${epochs} epochs, seeds ${seeds.join(', ')}; σ ∈ {${sigmas.join(', ')}}. ` +
      'Phase rules (ninPhase): divergent if ‖θ‖ is non-finite or ends above 10× its start, or the training loss ends non-finite or no lower than after epoch 1; catapult if it rose above 1.5× its start and ended below half its peak; ' +
      'decay if it ended below half its start; decoupled otherwise. Decay rate: least-squares slope of −log‖θ‖ per epoch.',
    tables: [table],
    charts: [{ file: 'nin-theta.svg', svg: chart }],
    verdict:
      `Layer-1 phase by σ (majority over seeds): ${sigmas.map((x, i) => `σ=${x}: ${sequence[i]}`).join(', ')}. ` +
      `${seen.size} of the 4 phases appear; they ${monotone ? 'appear in the paper\'s order as σ grows' : 'do not appear in the paper\'s order'}. ` +
      `Mean decay rate of layer 1: ${sigmas.map((x) => `${fmt(mean(rows.filter((r) => r.sigma === x).map((r) => r.rates[0]!)), 3)} (σ=${x})`).join(', ')}.`,
    data: rows.map(({ norms, ...r }) => ({ ...r, norms })),
  };
}
