'use strict';
// CommonJS consumer: the same check through `require` (the packages' .cjs builds).
const tf = require('@tensorflow/tfjs');
const optimizers = require('@tfjs-noise/optimizers');
const { SymmetricSGD } = require('@tfjs-noise/optimizers/symmetric-sgd');
const layers = require('@tfjs-noise/core/layers');
const { shardIndices } = require('@tfjs-noise/core/decentralized');
const { fitSaveLoad } = require('./fitSaveLoad.cjs');

if (SymmetricSGD !== optimizers.SymmetricSGD) throw new Error('subpath entry hands out another class');
if (shardIndices([0, 1, 2, 0, 1, 2], 3, { seed: 1 }).length !== 3) throw new Error('decentralized entry');
tf.env().set('IS_TEST', true);
fitSaveLoad(tf, optimizers, layers).then(
  () => console.log(`tfjs ${tf.version.tfjs} on ${tf.getBackend()}: fit + save/load ok (CJS)`),
  (e) => {
    console.error(e);
    process.exitCode = 1;
  },
);
