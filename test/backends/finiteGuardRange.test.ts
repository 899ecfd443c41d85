// The finite guard must tell finite from non-finite within the backend's own float
// range. Under half-float textures (webgl-f16) anything past 65504 is not
// representable, so a check that sums a tensor before testing the sum calls a
// finite update non-finite once its sum passes 65504: every such step then throws
// under nonFinite 'throw' and is silently dropped (only counted) under 'skip'.
import * as tf from '@tensorflow/tfjs-core';
import { canReadSync } from '@tfjs-noise/core';
import { NoisyGradientSGD } from '@tfjs-noise/optimizers';
import { describe, expect, it } from 'vitest';

// 4096 weights that each move from 0 to exactly 20 (representable in half
// precision): every element is finite, their sum (81,920) is not a half float.
const N = 4096;
function bigFiniteStep(nonFinite: 'throw' | 'skip') {
  const w = tf.variable(tf.zeros([N]), true, `guard-range-${nonFinite}`);
  const slope = tf.fill([N], -20);
  const opt = new NoisyGradientSGD({ learningRate: 1, noise: 0, nonFinite });
  opt.minimize(() => tf.sum(tf.mul(w, slope)) as tf.Scalar, false, [w]); // gradient −20 everywhere
  return { w, opt, dispose: () => (tf.dispose([w, slope]), opt.dispose()) };
}

describe('the finite guard on a finite update whose sum is past the half-float range', () => {
  it("nonFinite 'skip' applies it and counts no skipped step", async () => {
    const { w, opt, dispose } = bigFiniteStep('skip');
    expect(await opt.readSkippedSteps()).toBe(0);
    const values = await w.data();
    expect(Array.from(values).every((v) => v === 20)).toBe(true);
    dispose();
  });

  // 'throw' needs a synchronous read, which tfjs's webgpu backend has only in a browser.
  it.runIf(canReadSync())("nonFinite 'throw' applies it without throwing", async () => {
    let step!: ReturnType<typeof bigFiniteStep>;
    expect(() => (step = bigFiniteStep('throw'))).not.toThrow();
    expect(Array.from(await step.w.data()).every((v) => v === 20)).toBe(true);
    step.dispose();
  });
});
