// ESM consumer: the union package and the packed tarballs through `import`.
import * as tf from '@tensorflow/tfjs';
import * as optimizers from '@tfjs-noise/optimizers';
import { NoisyGradientSGD } from '@tfjs-noise/optimizers/noisy-gradient-sgd';
import * as layers from '@tfjs-noise/core/layers';
import { shardIndices } from '@tfjs-noise/core/decentralized';
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import check from './fitSaveLoad.cjs';

// One tfjs-core in the process: ours must resolve to the app's copy, or
// instanceof Optimizer and the class registry split in two.
const require = createRequire(import.meta.url);
const app = require.resolve('@tensorflow/tfjs-core');
const ours = createRequire(require.resolve('@tfjs-noise/core')).resolve('@tensorflow/tfjs-core');
if (app !== ours) throw new Error(`two copies of tfjs-core: ${app} and ${ours}`);
if (NoisyGradientSGD !== optimizers.NoisyGradientSGD) throw new Error('subpath entry hands out another class');
// `import` and `require` in one process share one copy of each class.
if (optimizers.SymmetricSGD !== require('@tfjs-noise/optimizers').SymmetricSGD) throw new Error('import and require give two SymmetricSGD classes');
if (layers.NoiseInjectionNode !== require('@tfjs-noise/core/layers').NoiseInjectionNode) throw new Error('import and require give two NoiseInjectionNode classes');
if (!(new NoisyGradientSGD() instanceof tf.Optimizer)) throw new Error('not a tf.Optimizer');
if (shardIndices([0, 1, 2, 0, 1, 2], 3, { seed: 1 }).length !== 3) throw new Error('decentralized entry');

tf.env().set('IS_TEST', true); // no tfjs "use tfjs-node" banner in the suite's output
const artifacts = await check.fitSaveLoad(tf, optimizers, layers);
if (process.argv[2]) writeFileSync(process.argv[2], check.artifactsToJson(artifacts));
console.log(`tfjs ${tf.version.tfjs} on ${tf.getBackend()}: fit + save/load ok`);
