import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';

/** A seeded two-class problem: label = (x0 + x1 > 0). */
export function syntheticData(n = 64, features = 4, seed = 7): { xs: tf.Tensor2D; ys: tf.Tensor2D } {
  return tf.tidy(() => {
    const xs = tf.randomNormal([n, features], 0, 1, 'float32', seed) as tf.Tensor2D;
    const label = tf.cast(tf.greater(tf.add(tf.slice(xs, [0, 0], [n, 1]), tf.slice(xs, [0, 1], [n, 1])), 0), 'int32');
    const ys = tf.cast(tf.oneHot(tf.reshape(label, [n]) as tf.Tensor1D, 2), 'float32') as tf.Tensor2D;
    return { xs, ys };
  });
}

/** A small MLP whose weights are set from a seed, so two builds start identical. */
export function smallModel(seed = 3, layers: tfl.layers.Layer[] = []): tfl.LayersModel {
  const model = tfl.sequential();
  model.add(tfl.layers.dense({ units: 8, activation: 'relu', inputShape: [4] }));
  for (const layer of layers) model.add(layer);
  model.add(tfl.layers.dense({ units: 2, activation: 'softmax' }));
  const weights = model.getWeights().map((w, i) => tf.randomNormal(w.shape, 0, 0.5, 'float32', seed * 100 + i + 1));
  model.setWeights(weights);
  tf.dispose(weights);
  return model;
}

export async function fit(model: tfl.LayersModel, opt: tf.Optimizer, epochs: number, data = syntheticData()) {
  model.compile({ optimizer: opt, loss: 'categoricalCrossentropy' });
  const history = await model.fit(data.xs, data.ys, { epochs, batchSize: 16, shuffle: false, verbose: 0 });
  tf.dispose([data.xs, data.ys]);
  return history.history['loss'] as number[];
}

/** The model's weights, read asynchronously (tfjs's webgpu backend has no synchronous read outside browsers). */
export async function weightsOf(model: tfl.LayersModel): Promise<Float32Array[]> {
  return Promise.all(model.getWeights().map(async (w) => (await w.data()) as Float32Array));
}

/** In-memory round trip through model.save / tf.loadLayersModel. */
export async function saveAndLoad(model: tfl.LayersModel, includeOptimizer = true): Promise<tfl.LayersModel> {
  let artifacts: tf.io.ModelArtifacts | undefined;
  await model.save(
    tf.io.withSaveHandler(async (a) => {
      artifacts = a;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
    { includeOptimizer },
  );
  // A JSON round trip, as a file or a server would do, so nothing survives by reference.
  const json = JSON.parse(JSON.stringify({ ...artifacts, weightData: undefined }));
  return tfl.loadLayersModel(tf.io.fromMemory({ ...json, weightData: artifacts!.weightData }));
}

/** Bit-for-bit equality of Float32 arrays, with a readable failure. */
export function expectBitEqual(a: Float32Array[], b: Float32Array[]): void {
  if (a.length !== b.length) throw new Error(`different weight counts: ${a.length} vs ${b.length}`);
  a.forEach((x, i) => {
    const y = b[i]!;
    for (let j = 0; j < x.length; j++) {
      if (!Object.is(x[j], y[j])) throw new Error(`weight ${i}[${j}] differs: ${x[j]} vs ${y[j]}`);
    }
  });
}

/** Bit for bit when `tol` is 0, else elementwise |a − b| ≤ tol (a lane's named tolerance, see backendTolerance). */
export function expectEqualWithin(a: Float32Array[], b: Float32Array[], tol: number): void {
  if (tol === 0) expectBitEqual(a, b);
  else expectClose(a, b, tol);
}

/** Elementwise |a − b| ≤ tol, with a readable failure. */
export function expectClose(a: Float32Array[], b: Float32Array[], tol: number): void {
  if (a.length !== b.length) throw new Error(`different weight counts: ${a.length} vs ${b.length}`);
  a.forEach((x, i) => {
    const y = b[i]!;
    for (let j = 0; j < x.length; j++) {
      if (!(Math.abs(x[j]! - y[j]!) <= tol)) throw new Error(`weight ${i}[${j}] differs by more than ${tol}: ${x[j]} vs ${y[j]}`);
    }
  });
}
