// The lean Node setup the README documents: bare tfjs-core, the wasm backend,
// and tfjs-layers for the gradients (its Node build registers all of them; the
// `dist/register_all_gradients` path is ESM source that only bundlers resolve).
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import '@tensorflow/tfjs-layers';
import { NoisyGradientSGD } from '@tfjs-noise/optimizers/noisy-gradient-sgd';

tf.env().set('IS_TEST', true);
if (!(await tf.setBackend('wasm'))) throw new Error('wasm backend did not start');
// f(w) = Σ w², gradient 2w; lr 0.25 and noise 0 take w = [1, -2] to w/2 = [0.5, -1].
const w = tf.variable(tf.tensor1d([1, -2]));
const opt = new NoisyGradientSGD({ learningRate: 0.25, noise: 0, seed: 1 });
opt.minimize(() => tf.sum(tf.square(w)));
const got = Array.from(await w.data());
if (got[0] !== 0.5 || got[1] !== -1) throw new Error(`expected [0.5, -1], got [${got}]`);
console.log(`tfjs-core ${tf.version_core} on ${tf.getBackend()}: minimize ok`);
