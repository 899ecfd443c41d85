import * as tf from '@tensorflow/tfjs-core';
import type { Digits } from '../data/digitsAsset';

export type TrainingData = {
  trainX: tf.Tensor4D;
  trainY: tf.Tensor2D;
  trainCount: number;
  testX: tf.Tensor4D;
  testLabels: tf.Tensor1D;
  testCount: number;
  dispose: () => void;
};

/**
 * Uploads the digits to the active backend once per action, so a training step
 * only gathers its batch on the device instead of uploading pixels from JS
 * (which would add the same upload to every optimizer's step cost).
 */
export function uploadDigits(d: Digits, testLimit: number): TrainingData {
  const testCount = Math.min(testLimit, d.test.count);
  const trainX = tf.tensor4d(d.train.images, [d.train.count, 28, 28, 1]);
  const trainY = tf.tidy(() => tf.cast(tf.oneHot(tf.tensor1d(d.train.labels, 'int32'), 10), 'float32') as tf.Tensor2D);
  const testX = tf.tensor4d(d.test.images.subarray(0, testCount * 784), [testCount, 28, 28, 1]);
  const testLabels = tf.tensor1d(d.test.labels.subarray(0, testCount), 'int32');
  return {
    trainX,
    trainY,
    trainCount: d.train.count,
    testX,
    testLabels,
    testCount,
    dispose: () => tf.dispose([trainX, trainY, testX, testLabels]),
  };
}
