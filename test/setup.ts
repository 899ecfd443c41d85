// Every test file runs on the pure-JS cpu backend, the one every machine has.
import '@tensorflow/tfjs-backend-cpu';
// tfjs-core's main entry does not register gradients; the @tensorflow/tfjs union package does.
// Chained ops (x.add(y)) are deliberately left unregistered: library code must not need them.
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import * as tf from '@tensorflow/tfjs-core';

await tf.setBackend('cpu');
await tf.ready();
