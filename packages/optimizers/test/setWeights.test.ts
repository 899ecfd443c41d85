import * as tf from '@tensorflow/tfjs-core';
import type { NamedTensor } from '@tfjs-noise/core';
import { NoisyGradientSGD, SymmetricSGD, withGradientNoise } from '@tfjs-noise/optimizers';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { expectBitEqual } from '../../../test/fixtures';

const w = tf.variable(tf.tensor2d([[0.5, -1], [2, 0.25], [1, 1]]), true, 'setWeights-test/w');
const b = tf.variable(tf.tensor1d([0.1, -0.2]), true, 'setWeights-test/b');
const loss = () => tf.sum(tf.square(tf.add(tf.matMul(tf.ones([1, 3]), w), b))) as tf.Scalar;
afterAll(() => tf.dispose([w, b]));

/** An optimizer after three steps, and a snapshot of its state as plain arrays. */
async function trained() {
  const opt = new NoisyGradientSGD({ learningRate: 0.01, momentum: 0.9, noise: 0.01, seed: 5 });
  for (let i = 0; i < 3; i++) opt.minimize(loss, false, [w, b]);
  return opt;
}

async function snapshot(opt: tf.Optimizer): Promise<Array<{ name: string; values: Float32Array | Int32Array; shape: number[] }>> {
  const weights = await opt.getWeights();
  const out = await Promise.all(weights.map(async (x) => ({ name: x.name, values: (await x.tensor.data()) as Float32Array, shape: x.tensor.shape })));
  tf.dispose(weights.map((x) => x.tensor));
  return out;
}

async function expectUnchanged(opt: tf.Optimizer, before: Awaited<ReturnType<typeof snapshot>>) {
  const after = await snapshot(opt);
  expect(after.map((x) => [x.name, x.shape])).toEqual(before.map((x) => [x.name, x.shape]));
  expectBitEqual(after.map((x) => Float32Array.from(x.values)), before.map((x) => Float32Array.from(x.values)));
}

type Mutation = [string, (ws: NamedTensor[]) => NamedTensor[], RegExp];
const replaceAt = (ws: NamedTensor[], i: number, tensor: tf.Tensor, name = ws[i]!.name) => ws.map((x, j) => (j === i ? { name, tensor } : x));
const slotAt = (ws: NamedTensor[]) => ws.findIndex((x) => x.name.endsWith('/momentum'));

const mutations: Mutation[] = [
  ['an appended weight', (ws) => [...ws, { name: 'extra', tensor: tf.scalar(1) }], /1 unexpected weights after the slots, starting with "extra"/],
  ['a missing slot', (ws) => ws.slice(0, -1), /lists 2 slots but only 1 weights follow/],
  ['a transposed slot', (ws) => replaceAt(ws, slotAt(ws), tf.zeros([2, 3])), /has shape \[2,3\] but variable "setWeights-test\/w" has shape \[3,2\]/],
  ['a scalar slot', (ws) => replaceAt(ws, slotAt(ws), tf.scalar(0)), /has shape \[\] but variable "setWeights-test\/w" has shape \[3,2\]/],
  ['a float seed', (ws) => replaceAt(ws, 1, tf.scalar(1.5)), /"noise\/seed" must be an int32 scalar; got shape \[\] of dtype float32/],
  ['a string iter', (ws) => replaceAt(ws, 0, tf.scalar('5')), /"iter" must be a scalar of dtype int32 or float32; got shape \[\] of dtype string/],
  ['a negative iter', (ws) => replaceAt(ws, 0, tf.scalar(-3, 'int32')), /"iter" must be an integer in \[0, 2147483647\]; got -3/],
  ['more skipped steps than steps', (ws) => replaceAt(ws, 2, tf.scalar(9, 'int32')), /"noise\/skipped" must be an integer in \[0, 3\]; got 9/],
  ['a NaN slot', (ws) => replaceAt(ws, slotAt(ws), tf.fill([3, 2], NaN)), /holds a non-finite value \(NaN\) at element 0/],
  ['a slot this optimizer does not keep', (ws) => replaceAt(ws, slotAt(ws), tf.zeros([3, 2]), 'setWeights-test/w/velocity'), /is not a slot of this optimizer; allowed slot weights: "<variable>\/momentum"/],
  ['a wrongly named header', (ws) => replaceAt(ws, 1, ws[1]!.tensor, 'seed'), /expected weight 1 to be "noise\/seed"/],
  ['a disposed tensor', (ws) => replaceAt(ws, 0, (() => { const t = tf.scalar(1, 'int32'); t.dispose(); return t; })()), /weight 0 \("iter"\) is a disposed tensor/],
];

describe('setWeights validates everything first and, on any error, leaves the optimizer exactly as it was', () => {
  it.each(mutations)('rejects %s', async (_label, mutate, message) => {
    const opt = await trained();
    const before = await snapshot(opt);
    const good = await opt.getWeights();
    await expect(opt.setWeights(mutate(good))).rejects.toThrow(message);
    await expectUnchanged(opt, before);
    // ...and it still trains exactly like a twin given the valid state.
    const twin = new NoisyGradientSGD(opt.getConfig() as never);
    await twin.setWeights(good);
    const start: tf.Tensor[] = [w.clone(), b.clone()];
    opt.minimize(loss, false, [w, b]);
    const viaOpt = [w.dataSync().slice(), b.dataSync().slice()] as Float32Array[];
    w.assign(start[0] as tf.Tensor2D);
    b.assign(start[1] as tf.Tensor1D);
    twin.minimize(loss, false, [w, b]);
    expectBitEqual([w.dataSync() as Float32Array, b.dataSync() as Float32Array], viaOpt);
    tf.dispose([...start, ...good.map((x) => x.tensor)]);
    opt.dispose();
    twin.dispose();
  });

  it('rejects state written by another class', async () => {
    const other = new SymmetricSGD({ learningRate: 0.01, momentum: 0.9, seed: 5 });
    other.minimize(loss, false, [w, b]);
    const state = await other.getWeights();
    const opt = await trained();
    const before = await snapshot(opt);
    await expect(opt.setWeights(state)).rejects.toThrow(/written by another optimizer class .* NoisyGradientSGD/);
    await expectUnchanged(opt, before);
    tf.dispose(state.map((x) => x.tensor));
    other.dispose();
    opt.dispose();
  });

  it('keeps slot names through a round trip, before any step', async () => {
    const opt = await trained();
    const state = await opt.getWeights();
    const restored = new NoisyGradientSGD(opt.getConfig() as never);
    await restored.setWeights(state);
    const again = await snapshot(restored);
    expect(again.map((x) => x.name)).toEqual(state.map((x) => x.name));
    expect(again.map((x) => x.name)).toContain('setWeights-test/w/momentum');
    tf.dispose(state.map((x) => x.tensor));
    opt.dispose();
    restored.dispose();
  });

  it('random corruptions of a valid state (fast-check): resolve, or reject with the state untouched', async () => {
    const opt = await trained();
    const before = await snapshot(opt);
    const good = await opt.getWeights();
    const corruption = fc.record({
      index: fc.nat({ max: good.length }),
      kind: fc.constantFrom('drop', 'dup', 'rename', 'retype', 'reshape', 'nan', 'negate', 'huge'),
    });
    await fc.assert(
      fc.asyncProperty(corruption, async ({ index, kind }) => {
        const ws = [...good];
        const i = Math.min(index, ws.length - 1);
        const t = ws[i]!.tensor;
        const made: tf.Tensor[] = [];
        const mk = (x: tf.Tensor) => (made.push(x), x);
        if (kind === 'drop') ws.splice(i, 1);
        else if (kind === 'dup') ws.splice(i, 0, ws[i]!);
        else if (kind === 'rename') ws[i] = { name: `${ws[i]!.name}x`, tensor: t };
        else if (kind === 'retype') ws[i] = { name: ws[i]!.name, tensor: mk(tf.cast(t, t.dtype === 'int32' ? 'float32' : 'int32')) };
        else if (kind === 'reshape') ws[i] = { name: ws[i]!.name, tensor: mk(tf.reshape(t, [t.size])) };
        else if (kind === 'nan') ws[i] = { name: ws[i]!.name, tensor: mk(tf.fill(t.shape, NaN)) };
        else if (kind === 'negate') ws[i] = { name: ws[i]!.name, tensor: mk(tf.neg(t)) };
        else ws[i] = { name: ws[i]!.name, tensor: mk(tf.fill(t.shape, 1e12, t.dtype)) };
        const probe = new NoisyGradientSGD(opt.getConfig() as never);
        await probe.setWeights(good); // a known state to compare against
        const known = await snapshot(probe);
        try {
          await probe.setWeights(ws);
        } catch (e) {
          expect(e).not.toBeInstanceOf(TypeError);
          await expectUnchanged(probe, known);
        }
        probe.dispose();
        tf.dispose(made);
      }),
      { numRuns: 1000, seed: 7 },
    );
    await expectUnchanged(opt, before);
    tf.dispose(good.map((x) => x.tensor));
    opt.dispose();
  });
});

describe('withGradientNoise(adam) resumes bit for bit', () => {
  it('after 60 steps (tfjs rebuilds accBeta by pow; the wrapper saves it)', async () => {
    const start: tf.Tensor[] = [w.clone(), b.clone()];
    const straight = withGradientNoise(tf.train.adam(0.01), { noise: 0.01, seed: 9 });
    for (let i = 0; i < 120; i++) straight.minimize(loss, false, [w, b]);
    const expected = [w.dataSync().slice(), b.dataSync().slice()] as Float32Array[];
    w.assign(start[0] as tf.Tensor2D);
    b.assign(start[1] as tf.Tensor1D);
    const first = withGradientNoise(tf.train.adam(0.01), { noise: 0.01, seed: 9 });
    for (let i = 0; i < 60; i++) first.minimize(loss, false, [w, b]);
    const state = await first.getWeights();
    const second = withGradientNoise(tf.train.adam(0.01), { noise: 0.01, seed: 9 });
    await second.setWeights(state);
    for (let i = 0; i < 60; i++) second.minimize(loss, false, [w, b]);
    expectBitEqual([w.dataSync() as Float32Array, b.dataSync() as Float32Array], expected);
    tf.dispose([...start, ...state.map((x) => x.tensor)]);
    [straight, first, second].forEach((o) => o.dispose());
  });
});
