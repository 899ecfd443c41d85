import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { SeededRandom } from '@tfjs-noise/examples';

/**
 * K replicas of one fully-connected ReLU network (softmax output), trained
 * side by side as ONE set of stacked tensors: replica k is an independent
 * network with its own weights, its own minibatches and its own gradient
 * clipping; the replicas only share the tensor ops.
 *
 * Why: a 20 × 50 ReLU MLP step costs ~15–20 ms of CPU on every tfjs backend
 * here, almost all of it per-op overhead (hundreds of small ops per step), so
 * K seeds stacked into one batched matmul per layer cost little more than one
 * seed. The 19 equal hidden-to-hidden layers live in one variable, which cuts
 * the optimizer's per-variable ops too.
 *
 * Equivalence: the loss is the SUM over replicas of each replica's mean
 * cross-entropy, so the gradient of replica k's weights is exactly the
 * gradient of its own loss; clipping divides each replica's gradients by that
 * replica's own global norm (the formula of tfjs-noise's GlobalNormClip);
 * gradient noise drawn per element by the optimizer is i.i.d. per element
 * either way. `test/stackedMlp.test.ts` checks the stacked step against K
 * separately trained tfjs-layers models.
 */
export class StackedMlp {
  private static created = 0;
  readonly replicas: number;
  /** Layer widths, input first, classes last. */
  readonly widths: number[];
  /** [K, in, h]: input → first hidden. */
  readonly wIn: tf.Variable;
  /** [L, K, h, h]: the L hidden → hidden layers, or null when there is only one hidden layer. */
  readonly wHidden: tf.Variable | null;
  /** [K, h, classes]. */
  readonly wOut: tf.Variable;
  readonly bIn: tf.Variable;
  readonly bHidden: tf.Variable | null;
  readonly bOut: tf.Variable;

  private constructor(kernels: tf.Tensor[][], biases: tf.Tensor[][], name: string) {
    this.replicas = kernels.length;
    const first = kernels[0]!;
    this.widths = [first[0]!.shape[0]!, ...first.map((k) => k.shape[1]!)];
    const hidden = this.widths.slice(1, -1);
    if (hidden.length < 1 || hidden.some((h) => h !== hidden[0])) {
      throw new Error(`StackedMlp: every hidden layer must have the same width; got widths ${JSON.stringify(this.widths)}.`);
    }
    const layers = first.length;
    const stack = (ts: tf.Tensor[]) => tf.stack(ts);
    const column = (per: tf.Tensor[][], i: number) => per.map((r) => r[i]!);
    this.wIn = tf.variable(stack(column(kernels, 0)), true, `${name}/wIn`);
    this.bIn = tf.variable(tf.expandDims(stack(column(biases, 0)), 1), true, `${name}/bIn`);
    this.wOut = tf.variable(stack(column(kernels, layers - 1)), true, `${name}/wOut`);
    this.bOut = tf.variable(tf.expandDims(stack(column(biases, layers - 1)), 1), true, `${name}/bOut`);
    if (layers > 2) {
      const mid = Array.from({ length: layers - 2 }, (_, j) => j + 1);
      this.wHidden = tf.variable(tf.stack(mid.map((i) => stack(column(kernels, i)))), true, `${name}/wHidden`);
      this.bHidden = tf.variable(tf.stack(mid.map((i) => tf.expandDims(stack(column(biases, i)), 1))), true, `${name}/bHidden`);
    } else {
      this.wHidden = null;
      this.bHidden = null;
    }
  }

  /**
   * Stacks the dense kernels and biases of `models` (each a flatten → dense(relu)… → dense(softmax)
   * stack of the same shape, e.g. `buildModel('deep-mlp', …, { seed, init })`), so replica k starts
   * from exactly model k's weights. The models are not changed and may be disposed afterwards.
   */
  static fromModels(models: tfl.LayersModel[], name = 'stacked'): StackedMlp {
    if (models.length < 1) throw new Error('StackedMlp.fromModels: need at least one model.');
    // tfjs variable names must be unique in the engine.
    const unique = `${name}${StackedMlp.created++}`;
    // getWeights() reads the layers' variables without copying; the stacks below are new tensors that the variables take over.
    const kernels: tf.Tensor[][] = [];
    const biases: tf.Tensor[][] = [];
    for (const m of models) {
      const dense = m.layers.filter((l) => l.getClassName() === 'Dense');
      kernels.push(dense.map((l) => l.getWeights()[0]!));
      biases.push(dense.map((l) => l.getWeights()[1]!));
    }
    let net: StackedMlp | undefined;
    tf.tidy(() => {
      net = new StackedMlp(kernels, biases, unique);
    });
    return net!;
  }

  get variables(): tf.Variable[] {
    return [this.wIn, ...(this.wHidden ? [this.wHidden] : []), this.wOut, this.bIn, ...(this.bHidden ? [this.bHidden] : []), this.bOut];
  }

  /** Logits [K, B, classes] of inputs x: [K, B, in] (replica k sees x[k]). */
  logits(x: tf.Tensor3D): tf.Tensor3D {
    return tf.tidy(() => {
      let h = tf.relu(tf.add(tf.matMul(x, this.wIn), this.bIn));
      if (this.wHidden && this.bHidden) {
        const ws = tf.unstack(this.wHidden);
        const bs = tf.unstack(this.bHidden);
        for (let i = 0; i < ws.length; i++) h = tf.relu(tf.add(tf.matMul(h, ws[i]!), bs[i]!));
      }
      return tf.add(tf.matMul(h, this.wOut), this.bOut) as tf.Tensor3D;
    });
  }

  /** Σ_k (mean cross-entropy of replica k on its batch): each replica's gradient is that of its own loss. */
  loss(x: tf.Tensor3D, yOneHot: tf.Tensor3D): tf.Scalar {
    return tf.tidy(() => {
      const logp = tf.logSoftmax(this.logits(x));
      const perExample = tf.neg(tf.sum(tf.mul(yOneHot, logp), -1));
      return tf.sum(tf.mean(perExample, 1)) as tf.Scalar;
    });
  }

  /**
   * One training step of every replica: gradients of `loss`, each replica's gradients scaled to
   * global norm ≤ `clipNorm` (null: no clipping), then `optimizer.applyGradients`. No device read.
   */
  step(optimizer: tf.Optimizer, x: tf.Tensor3D, yOneHot: tf.Tensor3D, clipNorm: number | null): void {
    const vars = this.variables;
    const { value, grads } = tf.variableGrads(() => this.loss(x, yOneHot), vars);
    value.dispose();
    const clipped = clipNorm === null ? grads : tf.tidy(() => this.clipPerReplica(grads, clipNorm));
    optimizer.applyGradients(clipped);
    tf.dispose(Object.values(grads));
    if (clipped !== grads) tf.dispose(Object.values(clipped));
  }

  /** Per replica: g · c / max(‖g_k‖, c), ‖g_k‖ the global norm over all of replica k's gradients. */
  private clipPerReplica(grads: tf.NamedTensorMap, clipNorm: number): tf.NamedTensorMap {
    const axisOf = (v: tf.Variable) => (v === this.wHidden || v === this.bHidden ? 1 : 0);
    const vars = this.variables;
    const sq = vars.map((v) => {
      const g = grads[v.name]!;
      const axis = axisOf(v);
      const other = g.shape.map((_, i) => i).filter((i) => i !== axis);
      return tf.sum(tf.square(g), other); // [K]
    });
    const norm = tf.sqrt(tf.addN(sq));
    const factor = tf.div(clipNorm, tf.maximum(norm, clipNorm)); // [K]
    const out: tf.NamedTensorMap = {};
    for (const v of vars) {
      const g = grads[v.name]!;
      const shape = g.shape.map(() => 1);
      shape[axisOf(v)] = this.replicas;
      out[v.name] = tf.mul(g, tf.reshape(factor, shape));
    }
    return out;
  }

  /** Accuracy of each replica on the same examples (x: [N, in], labels: [N] int32), in chunks. */
  async accuracy(x: tf.Tensor2D, labels: tf.Tensor1D, chunk = 1000): Promise<number[]> {
    const n = x.shape[0];
    const correct = new Array<number>(this.replicas).fill(0);
    for (let start = 0; start < n; start += chunk) {
      const size = Math.min(chunk, n - start);
      const hits = tf.tidy(() => {
        const xs = tf.tile(tf.expandDims(tf.slice(x, [start, 0], [size, -1]), 0), [this.replicas, 1, 1]) as tf.Tensor3D;
        const pred = tf.argMax(this.logits(xs), -1);
        const truth = tf.expandDims(tf.slice(labels, [start], [size]), 0);
        return tf.sum(tf.cast(tf.equal(pred, truth), 'float32'), 1);
      });
      const h = await hits.data();
      hits.dispose();
      h.forEach((v, k) => (correct[k]! += v));
    }
    return correct.map((c) => c / n);
  }

  /** Root-mean-square of each replica's hidden → hidden weights (the 50 × 50 matrices), per replica. */
  async hiddenRms(): Promise<number[]> {
    if (!this.wHidden) return new Array<number>(this.replicas).fill(NaN);
    const t = tf.tidy(() => tf.sqrt(tf.mean(tf.square(this.wHidden!), [0, 2, 3])));
    const out = Array.from(await t.data());
    t.dispose();
    return out;
  }

  dispose(): void {
    tf.dispose(this.variables);
  }
}

/**
 * Per-replica minibatch indices in the order `fitShuffledEpoch` uses: replica k with seed s_k reads
 * epoch e in the order `new SeededRandom(s_k · 7919 + e).shuffle(0…n−1)`, batches of `batchSize` in sequence
 * (the last, shorter one dropped so every step has full batches).
 */
export class StackedBatches {
  private orders: number[][] = [];
  private epoch = -1;
  readonly stepsPerEpoch: number;

  constructor(
    readonly seeds: number[],
    readonly count: number,
    readonly batchSize: number,
  ) {
    if (batchSize > count) throw new Error(`StackedBatches: batchSize ${batchSize} exceeds the ${count} examples.`);
    this.stepsPerEpoch = Math.floor(count / batchSize);
  }

  /** Example indices of training step `step` (0-based), one row per replica. */
  batch(step: number): number[][] {
    const epoch = Math.floor(step / this.stepsPerEpoch);
    if (epoch !== this.epoch) {
      this.orders = this.seeds.map((s) => new SeededRandom(s * 7919 + epoch).shuffle(Array.from({ length: this.count }, (_, i) => i)));
      this.epoch = epoch;
    }
    const at = (step % this.stepsPerEpoch) * this.batchSize;
    return this.orders.map((o) => o.slice(at, at + this.batchSize));
  }

  /** The same indices as an int32 tensor [K, batchSize], for `tf.gather`. */
  indices(step: number): tf.Tensor2D {
    return tf.tensor2d(this.batch(step).flat(), [this.seeds.length, this.batchSize], 'int32');
  }
}
