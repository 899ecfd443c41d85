// Bundled consumer (esbuild): registration only, no binding used. With
// `"sideEffects": false` esbuild dropped these two imports and loading failed
// with "Unknown layer: NoisyGradientSGD" / "Unknown layer: NoiseInjectionNode".
import * as tf from '@tensorflow/tfjs';
import '@tfjs-noise/optimizers';
import '@tfjs-noise/core/layers';
import saved from './artifacts.json';

function base64ToBytes(s) {
  const bin = atob(s);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out.buffer;
}

async function main() {
  tf.env().set('IS_TEST', true);
  await tf.setBackend('cpu');
  const model = await tf.loadLayersModel(tf.io.fromMemory({ ...saved, weightData: base64ToBytes(saved.weightData) }));
  const y = model.predict(tf.ones([2, 4]));
  const sums = Array.from(await tf.sum(y, 1).data());
  if (!sums.every((s) => Math.abs(s - 1) < 1e-5)) throw new Error(`softmax rows sum to ${sums}`);
  return { optimizer: model.optimizer.getClassName(), layers: model.layers.map((l) => l.getClassName()) };
}

// Node runs the bundle as a script; the browser page reads window.__consumer.
const done = main().then(
  (value) => ({ ok: true, value }),
  (e) => ({ ok: false, error: String((e && e.stack) || e) }),
);
if (typeof window !== 'undefined') window.__consumer = done;
else
  done.then((r) => {
    console.log(JSON.stringify(r));
    if (!r.ok) process.exitCode = 1;
  });
