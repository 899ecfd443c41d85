import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { NoiseStream, gaussianSampler } from '@tfjs-noise/core';
import { NoiseInjectionNode, ThetaNormProbe, decayRate, ninPhase } from '@tfjs-noise/core/layers';
import { describe, expect, it } from 'vitest';
import { saveAndLoad } from '../../../test/fixtures';

function built(args: ConstructorParameters<typeof NoiseInjectionNode>[0], units = 3): NoiseInjectionNode {
  const node = new NoiseInjectionNode(args);
  node.build([null, units]);
  return node;
}

describe('NoiseInjectionNode', () => {
  it('is the identity with σ = 0, in training too', () => {
    const x = tf.tensor2d([[1, 2, 3], [4, 5, 6]]);
    const y = built({ scale: 0, seed: 1 }).apply(x, { training: true }) as tf.Tensor;
    expect(Array.from(y.dataSync())).toEqual([1, 2, 3, 4, 5, 6]);
    tf.dispose([x, y]);
  });

  it('adds σ·ε·θ with one ε per example, and θ gets the hand-derived gradient Σ_b c_j σ ε_b', () => {
    const sigma = 0.5;
    const node = built({ scale: sigma, seed: 7 });
    const theta = node.trainableWeights[0]!.read() as tf.Variable;
    const x = tf.tensor2d([[1, 0, -1], [2, 2, 2], [0, 3, 1], [1, 1, 1]]);
    const c = tf.tensor1d([1, -2, 0.5]);
    // L = Σ_b Σ_j c_j z_bj with z = x + σ ε_b θ_j  ⇒  ∂L/∂θ_j = c_j σ Σ_b ε_b.
    let z: number[] = [];
    const { grads, value } = tf.variableGrads(() => {
      const out = node.apply(x, { training: true }) as tf.Tensor;
      z = Array.from(out.dataSync());
      return tf.sum(tf.mul(out, c)) as tf.Scalar;
    }, [theta]);
    const eps = Array.from(gaussianSampler().sample([4, 1], new NoiseStream(7).seedFor(0, 0), 0).dataSync());
    const th = Array.from(theta.dataSync());
    const xs = Array.from(x.dataSync());
    z.forEach((v, k) => expect(v).toBeCloseTo(xs[k]! + sigma * eps[Math.floor(k / 3)]! * th[k % 3]!, 5));
    const sumEps = eps.reduce((a, b) => a + b, 0);
    Array.from(grads[theta.name]!.dataSync()).forEach((g, j) => expect(g).toBeCloseTo([1, -2, 0.5][j]! * sigma * sumEps, 5));
    tf.dispose([x, c, value, ...Object.values(grads)]);
  });

  it('is seeded: the same seed gives the same noise; inference is clean unless active: "always"', () => {
    const x = tf.ones([5, 3]);
    const a = built({ scale: 1, seed: 3 });
    const b = built({ scale: 1, seed: 3 });
    const ya = a.apply(x, { training: true }) as tf.Tensor;
    const yb = b.apply(x, { training: true }) as tf.Tensor;
    expect(Array.from(ya.dataSync())).toEqual(Array.from(yb.dataSync()));
    expect(Array.from((a.apply(x) as tf.Tensor).dataSync())).toEqual(new Array(15).fill(1));
    const always = built({ scale: 1, seed: 3, active: 'always' });
    expect(Array.from((always.apply(x) as tf.Tensor).dataSync())).not.toEqual(new Array(15).fill(1));
    tf.dispose([x, ya, yb]);
  });

  it('is saved and loaded with the model, θ included', async () => {
    const model = tfl.sequential();
    model.add(tfl.layers.dense({ units: 4, inputShape: [2] }));
    model.add(new NoiseInjectionNode({ scale: 0.1, seed: 5, name: 'nin' }));
    model.add(tfl.layers.activation({ activation: 'relu' }));
    model.compile({ optimizer: 'sgd', loss: 'meanSquaredError' });
    const node = model.getLayer('nin') as NoiseInjectionNode;
    node.setWeights([tf.tensor1d([0.1, -0.2, 0.3, -0.4])]);
    const loaded = await saveAndLoad(model, false);
    const back = loaded.getLayer('nin') as NoiseInjectionNode;
    expect(back.getConfig()).toEqual(node.getConfig());
    expect(Array.from(back.getTheta().dataSync()).map((v) => +v.toFixed(6))).toEqual([0.1, -0.2, 0.3, -0.4]);
  });

  it('rejects invalid arguments', () => {
    expect(() => new NoiseInjectionNode({ scale: -1 })).toThrow(/NoiseInjectionNode: scale must be a finite number >= 0; got -1/);
    expect(() => new NoiseInjectionNode({ scale: 1, active: 'never' as never })).toThrow(/active must be one of "training", "always"; got "never"/);
  });
});

describe('θ-norm probe', () => {
  it('fits the exponential decay rate exactly for an exponential', () => {
    expect(decayRate([0, 1, 2, 3, 4].map((e) => 2 * Math.exp(-0.3 * e)))).toBeCloseTo(0.3, 12);
  });

  it('labels phases by the documented rules', () => {
    expect(ninPhase([1, 1.05, 0.98, 1.02])).toBe('decoupled');
    expect(ninPhase([1, 0.7, 0.4, 0.2])).toBe('decay');
    expect(ninPhase([1, 2, 3, 1.2])).toBe('catapult');
    expect(ninPhase([1, 5, 20])).toBe('divergent');
    expect(ninPhase([1, NaN])).toBe('divergent');
    expect(ninPhase([1, 1, 1], { lossDiverged: true })).toBe('divergent');
  });

  it('records ‖θ‖ before training and after every epoch of model.fit', async () => {
    const model = tfl.sequential();
    model.add(tfl.layers.dense({ units: 4, inputShape: [2] }));
    model.add(new NoiseInjectionNode({ scale: 0.1, seed: 5, name: 'nin1' }));
    model.add(tfl.layers.dense({ units: 1 }));
    model.compile({ optimizer: tf.train.sgd(0.05), loss: 'meanSquaredError' });
    const probe = new ThetaNormProbe(model);
    const xs = tf.randomNormal([32, 2], 0, 1, 'float32', 1);
    const ys = tf.randomNormal([32, 1], 0, 1, 'float32', 2);
    await model.fit(xs, ys, { epochs: 3, batchSize: 8, verbose: 0, callbacks: probe.callbacks() });
    expect(probe.norms['nin1']).toHaveLength(4);
    expect(probe.norms['nin1']![0]).toBeGreaterThan(0);
    // θ trains: its norm moves.
    expect(probe.norms['nin1']![3]).not.toBe(probe.norms['nin1']![0]);
    expect(Object.keys(probe.phases())).toEqual(['nin1']);
    tf.dispose([xs, ys]);
  });
});
