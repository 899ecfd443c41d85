// What half-float textures (the webgl-f16 lane, as on GPUs without float32 render
// targets) do to training, measured rather than assumed; these run on that lane only.
// The docs' "Half precision" section states these results.
import * as tf from '@tensorflow/tfjs-core';
import { NonFiniteUpdateError } from '@tfjs-noise/core';
import { NoisyGradientSGD, withGradientNoise } from '@tfjs-noise/optimizers';
import { describe, expect, it } from 'vitest';
import { isHalfFloatWebgl } from '../backendTolerance';
import { smallModel, syntheticData } from '../fixtures';

/** The contract model on a 16-example batch; `loss` for minimize. */
function problem() {
  const m = smallModel();
  const { xs, ys } = syntheticData(16);
  const vars = m.trainableWeights.map((w) => w.read() as tf.Variable);
  const loss = () => tf.losses.softmaxCrossEntropy(ys, m.apply(xs) as tf.Tensor) as tf.Scalar;
  const values = () => vars.map((v) => Array.from(v.dataSync()));
  return { vars, loss, values, dispose: () => (tf.dispose([xs, ys]), m.dispose()) };
}
const finite = (ws: number[][]) => ws.every((w) => w.every(Number.isFinite));

describe.runIf(isHalfFloatWebgl())('webgl-f16: half precision', () => {
  it("tfjs gives tf.train.adam its float32 ε (1e-7) here, and tf.train.adam alone writes NaN within 3 steps", () => {
    // tfjs probes the precision with |1e-8| on a CPU-resident scalar, which its CPU forward answers in float32.
    expect(tf.backend().epsilon()).toBe(1e-7);
    const p = problem();
    const opt = tf.train.adam(0.05);
    for (let i = 0; i < 3; i++) opt.minimize(p.loss, false, p.vars);
    expect(finite(p.values())).toBe(false);
    opt.dispose();
    p.dispose();
  });

  it("withGradientNoise(tf.train.adam) stops that step: 'throw' raises with the weights as they were, 'skip' keeps them finite and counts it", async () => {
    const p = problem();
    const opt = withGradientNoise(tf.train.adam(0.05), { noise: 0 });
    let before = p.values();
    let error: unknown;
    for (let i = 0; i < 3 && !error; i++) {
      before = p.values();
      try {
        opt.minimize(p.loss, false, p.vars);
      } catch (e) {
        error = e;
      }
    }
    expect(error).toBeInstanceOf(NonFiniteUpdateError);
    expect(p.values()).toEqual(before);
    expect(finite(before)).toBe(true);
    opt.dispose();
    p.dispose();

    const q = problem();
    const skipping = withGradientNoise(tf.train.adam(0.05), { noise: 0, nonFinite: 'skip' });
    for (let i = 0; i < 3; i++) skipping.minimize(q.loss, false, q.vars);
    expect(finite(q.values())).toBe(true);
    expect(await skipping.readSkippedSteps()).toBeGreaterThanOrEqual(1);
    skipping.dispose();
    q.dispose();
  });

  it('an update below half a half-float step of the weight is rounded away: noise with lr·σ ≪ |w|·2⁻¹¹ never lands', () => {
    // Zero gradient, lr 1: each step adds exactly σ·ε. Next to 1 a half float steps by 2⁻¹¹ (below) and 2⁻¹⁰ (above),
    // so σ = 1e-5 would need |ε| > 24 to move a weight: in float32 every weight would move.
    const w = tf.variable(tf.ones([1024]), true, 'f16-rounding');
    const zero = () => tf.mul(tf.sum(w), 0) as tf.Scalar;
    const tiny = new NoisyGradientSGD({ learningRate: 1, noise: 1e-5, seed: 3 });
    for (let i = 0; i < 5; i++) tiny.minimize(zero, false, [w]);
    expect(Array.from(w.dataSync()).filter((v) => v !== 1)).toEqual([]);
    const visible = new NoisyGradientSGD({ learningRate: 1, noise: 1e-2, seed: 3 });
    visible.minimize(zero, false, [w]);
    expect(Array.from(w.dataSync()).filter((v) => v !== 1).length).toBeGreaterThan(1024 * 0.9);
    tf.dispose(w);
    tiny.dispose();
    visible.dispose();
  });
});
