// Lean browser consumer: bare tfjs-core, the gradients registered through the
// path bundlers resolve, the cpu backend, and one optimizer entry point.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import '@tensorflow/tfjs-backend-cpu';
import { NoisyGradientSGD } from '@tfjs-noise/optimizers/noisy-gradient-sgd';

async function main() {
  tf.env().set('IS_TEST', true);
  await tf.setBackend('cpu');
  // f(w) = Σ w², gradient 2w; lr 0.25 and noise 0 take w = [1, -2] to [0.5, -1].
  const w = tf.variable(tf.tensor1d([1, -2]));
  new NoisyGradientSGD({ learningRate: 0.25, noise: 0, seed: 1 }).minimize(() => tf.sum(tf.square(w)));
  const got = Array.from(await w.data());
  if (got[0] !== 0.5 || got[1] !== -1) throw new Error(`expected [0.5, -1], got [${got}]`);
  return { w: got };
}

window.__consumer = main().then(
  (value) => ({ ok: true, value }),
  (e) => ({ ok: false, error: String((e && e.stack) || e) }),
);
