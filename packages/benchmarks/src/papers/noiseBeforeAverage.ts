import * as tf from '@tensorflow/tfjs-core';
import { InvalidOptionError, NoiseStream, gaussianSampler } from '@tfjs-noise/core';
import type { Learner } from '@tfjs-noise/core/decentralized';

export type NoiseBeforeAverageOptions = {
  /** Std σ of the Gaussian weight noise added at the end of each local phase (>= 0; 0 = none). */
  sigma: number;
  /** Seed of the noise draws (per round, learner and tensor). */
  seed: number;
  /** +1 or −1: −1 adds exactly the negated draws of +1 (antithetic pair), so the two runs' noise sums to 0. */
  sign?: 1 | -1;
  /** Record the norm of each local phase's weight change (costs two weight reads per phase). */
  probe?: boolean;
};

/**
 * A learner wrapper for the second reading of where Adilova et al. inject the
 * noise: each learner perturbs its OWN weights at the end of its local phase,
 * before the coordinator averages them (so the average carries the mean of m
 * independent draws and every learner restarts from the same point). The
 * library's `DecentralizedTraining` implements the first reading (noise after
 * the average, per learner). `probe` also records ‖w_after − w_before‖ of each
 * local phase, the signal the noise dose is compared with.
 */
export class NoiseBeforeAverage implements Learner {
  readonly id: number;
  /** ‖Δw‖ of each local phase (before any noise), when probing. */
  readonly updateNorms: number[] = [];
  private readonly sigma: number;
  private readonly sign: 1 | -1;
  private readonly stream: NoiseStream;
  private readonly probe: boolean;
  private round = 0;

  constructor(
    readonly inner: Learner,
    o: NoiseBeforeAverageOptions,
  ) {
    const owner = 'NoiseBeforeAverage';
    if (!(typeof o.sigma === 'number' && Number.isFinite(o.sigma) && o.sigma >= 0)) throw new InvalidOptionError(owner, 'sigma', o.sigma, 'a finite number >= 0');
    if (o.sign !== undefined && o.sign !== 1 && o.sign !== -1) throw new InvalidOptionError(owner, 'sign', o.sign, '1 or -1');
    if (!Number.isInteger(o.seed)) throw new InvalidOptionError(owner, 'seed', o.seed, 'an integer');
    this.id = inner.id;
    this.sigma = o.sigma;
    this.sign = o.sign ?? 1;
    this.stream = new NoiseStream(o.seed);
    this.probe = o.probe ?? false;
  }

  /** Local steps, then (σ > 0) this learner's own noise on its weights. */
  async train(steps: number): Promise<number> {
    const before = this.probe ? await this.inner.getWeights() : null;
    const loss = await this.inner.train(steps);
    if (before || this.sigma > 0) {
      const after = await this.inner.getWeights();
      if (before) this.updateNorms.push(distance(after, before));
      if (this.sigma > 0) await this.inner.setWeights(await this.addNoise(after));
    }
    this.round++;
    return loss;
  }

  /** Local steps without noise (the final, unsynchronised phase before evaluation). */
  trainQuietly(steps: number): Promise<number> {
    return this.inner.train(steps);
  }

  private async addNoise(weights: Float32Array[]): Promise<Float32Array[]> {
    const out: Float32Array[] = [];
    for (let j = 0; j < weights.length; j++) {
      const w = weights[j]!;
      const seed = this.stream.seedFor(this.round, this.id * 65536 + j);
      const noise = tf.tidy(() => tf.mul(gaussianSampler().sample([w.length], seed, this.round), this.sigma * this.sign));
      const draws = (await noise.data()) as Float32Array;
      noise.dispose();
      const noisy = new Float32Array(w.length);
      for (let k = 0; k < w.length; k++) noisy[k] = w[k]! + draws[k]!;
      out.push(noisy);
    }
    return out;
  }

  getWeights(): Promise<Float32Array[]> {
    return this.inner.getWeights();
  }

  setWeights(weights: Float32Array[]): Promise<void> {
    return this.inner.setWeights(weights);
  }

  dispose(): void {
    this.inner.dispose();
  }
}

/** Euclidean distance between two weight lists of the same layout. */
export function distance(a: Float32Array[], b: Float32Array[]): number {
  let s = 0;
  a.forEach((w, j) => {
    const v = b[j]!;
    for (let k = 0; k < w.length; k++) s += (w[k]! - v[k]!) ** 2;
  });
  return Math.sqrt(s);
}
