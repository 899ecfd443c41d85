'use strict';
/**
 * The check every runtime consumer runs: each optimizer trains a small model
 * with the noise layers (fit), is saved with `includeOptimizer`, loaded back by
 * class name through `tf.loadLayersModel` (so registration must have run), and
 * keeps training. The modules under test are passed in, so ESM and CJS
 * consumers load them through their own module system.
 *
 * Returns the artifacts of the last model, for the bundled consumers to load.
 */
async function fitSaveLoad(tf, optimizers, layers) {
  const makers = {
    NoisyGradientSGD: () => new optimizers.NoisyGradientSGD({ learningRate: 0.05, seed: 1 }),
    GradientNoise: () => optimizers.withGradientNoise(tf.train.adam(0.01), { noise: 0.01, seed: 1 }),
    SymmetricSGD: () => new optimizers.SymmetricSGD({ learningRate: 0.05, noise: 0.01, seed: 1 }),
    LayerwisePerturbedGD: () => new optimizers.LayerwisePerturbedGD({ learningRate: 0.05, noise: 0.01, seed: 1 }),
    AlphaStableNoiseSGD: () => new optimizers.AlphaStableNoiseSGD({ learningRate: 0.05, alpha: 1.5, noise: 0.01, seed: 1 }),
  };
  // 24 points in 3 separable classes (deterministic, no RNG needed).
  const x = [];
  const y = [];
  for (let i = 0; i < 24; i++) {
    const c = i % 3;
    x.push([c + 0.1 * (i % 5), 1 - c + 0.05 * (i % 7), (i % 4) / 4, c / 2]);
    y.push([0, 1, 2].map((k) => (k === c ? 1 : 0)));
  }
  const xs = tf.tensor2d(x);
  const ys = tf.tensor2d(y);
  let artifacts;
  for (const [name, make] of Object.entries(makers)) {
    const model = tf.sequential();
    model.add(tf.layers.dense({ units: 8, inputShape: [4] }));
    model.add(new layers.NoiseInjectionNode({ scale: 0.1, seed: 1 }));
    model.add(tf.layers.activation({ activation: 'relu' }));
    model.add(new layers.SeededGaussianNoise({ stddev: 0.05, seed: 2 }));
    model.add(tf.layers.dense({ units: 3, activation: 'softmax' }));
    model.compile({ optimizer: make(), loss: 'categoricalCrossentropy' });
    const h = await model.fit(xs, ys, { epochs: 3, batchSize: 8, shuffle: false, verbose: 0 });
    const losses = h.history.loss;
    if (!losses.every(Number.isFinite)) throw new Error(`${name}: non-finite loss ${losses}`);
    await model.save(
      tf.io.withSaveHandler(async (a) => {
        artifacts = a;
        return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
      }),
      { includeOptimizer: true },
    );
    const loaded = await tf.loadLayersModel(tf.io.fromMemory(artifacts));
    const got = loaded.optimizer.getClassName();
    if (got !== name) throw new Error(`${name}: loaded optimizer is ${got}`);
    const kinds = loaded.layers.map((l) => l.getClassName()).join(',');
    if (!kinds.includes('NoiseInjectionNode') || !kinds.includes('SeededGaussianNoise')) throw new Error(`${name}: loaded layers ${kinds}`);
    // Noise layers are the identity at inference, so both models predict the same.
    const diff = tf.max(tf.abs(tf.sub(model.predict(xs), loaded.predict(xs)))).dataSync()[0];
    if (!(diff <= 1e-6)) throw new Error(`${name}: loaded model predicts differently (max diff ${diff})`);
    const [iterBefore] = await model.optimizer.getWeights();
    const [iterAfter] = await loaded.optimizer.getWeights();
    if (iterBefore.tensor.dataSync()[0] !== iterAfter.tensor.dataSync()[0]) throw new Error(`${name}: step counter not restored`);
    const more = await loaded.fit(xs, ys, { epochs: 1, batchSize: 8, shuffle: false, verbose: 0 });
    if (!Number.isFinite(more.history.loss[0])) throw new Error(`${name}: resumed training gave ${more.history.loss[0]}`);
    model.dispose();
    loaded.dispose();
  }
  xs.dispose();
  ys.dispose();
  return artifacts;
}

/** Model artifacts as JSON (weights in base64), for a bundled consumer to load. */
function artifactsToJson(a) {
  const bytes = Array.isArray(a.weightData) ? Buffer.concat(a.weightData.map((b) => Buffer.from(b))) : Buffer.from(a.weightData);
  return JSON.stringify({ ...a, weightData: bytes.toString('base64') });
}

module.exports = { fitSaveLoad, artifactsToJson };
