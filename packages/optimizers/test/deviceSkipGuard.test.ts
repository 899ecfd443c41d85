// nonFinite 'skip' where reads stall the device (webgl, webgpu, tfjs-node-gpu): the step is decided
// on the device and every write goes through a select. Forced here on the cpu backend by making
// readsAreCheap() answer false, so the device path's kernels can be counted with tf.profile.
import * as tf from '@tensorflow/tfjs-core';
import { NoisyGradientSGD } from '@tfjs-noise/optimizers';
import { afterEach, describe, expect, it, vi } from 'vitest';

const reads = vi.hoisted(() => ({ cheap: false }));
vi.mock('../../core/src/optimizer/finiteGuard', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../core/src/optimizer/finiteGuard')>();
  return { ...original, readsAreCheap: () => reads.cheap };
});
afterEach(() => {
  reads.cheap = false;
});

function problem(poison = false) {
  const vars = [tf.variable(tf.tensor2d([[0.5, -1], [2, 0.25]])), tf.variable(tf.tensor1d([0.1, -0.2, 0.3])), tf.variable(tf.scalar(1.5))];
  const loss = () =>
    tf.tidy(() => {
      const l = tf.add(tf.add(tf.sum(tf.square(vars[0]!)), tf.sum(tf.mul(vars[1]!, vars[1]!))), tf.square(vars[2]!));
      return (poison ? tf.mul(l, tf.scalar(NaN)) : l) as tf.Scalar;
    });
  return { vars, loss, values: () => vars.map((v) => Array.from(v.dataSync())), dispose: () => tf.dispose(vars) };
}

describe("nonFinite 'skip' decided on the device", () => {
  it('tests each written value for finiteness once per step (the guard and the select share one isFinite pass)', async () => {
    const p = problem();
    const opt = new NoisyGradientSGD({ learningRate: 0.1, noise: 0.01, seed: 1, nonFinite: 'skip' });
    opt.minimize(p.loss, false, p.vars);
    const profile = await tf.profile(() => {
      opt.minimize(p.loss, false, p.vars);
    });
    expect(profile.kernels.filter((k) => k.name === 'IsFinite').length).toBe(p.vars.length);
    opt.dispose();
    p.dispose();
  });

  it('gives the same weights as the read-back path bit for bit, and keeps every weight on a non-finite step (counted)', async () => {
    const run = (cheap: boolean) => {
      reads.cheap = cheap;
      const p = problem();
      const opt = new NoisyGradientSGD({ learningRate: 0.1, noise: 0.05, seed: 4, nonFinite: 'skip' });
      for (let i = 0; i < 4; i++) opt.minimize(p.loss, false, p.vars);
      const values = p.values();
      opt.dispose();
      p.dispose();
      return values;
    };
    expect(run(false)).toEqual(run(true));

    const p = problem(true);
    const opt = new NoisyGradientSGD({ learningRate: 0.1, noise: 0.05, seed: 4, nonFinite: 'skip' });
    const before = p.values();
    opt.minimize(p.loss, false, p.vars);
    expect(p.values()).toEqual(before);
    expect(await opt.readSkippedSteps()).toBe(1);
    opt.dispose();
    p.dispose();
  });
});
