import * as tf from '@tensorflow/tfjs-core';
import { NoiseStream } from '../random/noiseStream';
import { gaussianSampler } from '../samplers/gaussianSampler';
import type { Sampler } from '../samplers/sampler';
import type { SamplerConfig } from '../samplers/samplerConfig';
import { toSampler } from '../samplers/samplerFromConfig';
import type { ScalarOrSchedule, ScalarOrScheduleConfig } from '../schedules/noiseSchedule';
import { ScheduledValue } from '../schedules/scheduleFromConfig';
import { checkNumber } from '../validation';
import type { Learner } from './learner';

export type DecentralizedOptions = {
  learners: Learner[];
  /** Local steps between synchronisations (b >= 1). */
  syncEvery: number;
  /** Weight noise added to each learner after each averaging; omit for none. */
  noise?: {
    /** Scale σ (std for Gaussian), a number or a schedule over rounds. */
    scale: ScalarOrSchedule | ScalarOrScheduleConfig;
    sampler?: Sampler | SamplerConfig;
    seed?: number;
  };
};

/**
 * Decentralized training with noise (Adilova, Paul, Schlicht 2018,
 * arXiv:1809.10678), as this project reads it: m learners each train on their
 * own shard; every `syncEvery` local steps their weights are averaged, every
 * learner takes the average, and then each learner independently adds
 * zero-mean noise `σ_r · ε_i` (drawn per learner, per round, seeded).
 *
 * With plain SGD, equal shards and `syncEvery = 1`, no noise, the average
 * follows large-batch SGD on the union of the learners' batches.
 */
export class DecentralizedTraining {
  readonly learners: Learner[];
  readonly syncEvery: number;
  private readonly scale: ScheduledValue | null;
  private readonly sampler: Sampler;
  private readonly stream: NoiseStream;
  /** Completed rounds (each = syncEvery local steps + one synchronisation). */
  round = 0;

  constructor(options: DecentralizedOptions) {
    const owner = 'DecentralizedTraining';
    if (!Array.isArray(options?.learners) || options.learners.length < 1) {
      throw new Error(`${owner}: learners must hold at least one learner (m >= 1); got ${Array.isArray(options?.learners) ? 0 : String(options?.learners)}.`);
    }
    this.learners = options.learners;
    this.syncEvery = checkNumber(owner, 'syncEvery', options.syncEvery, { min: 1, integer: true });
    this.scale = options.noise ? new ScheduledValue(owner, 'noise.scale', options.noise.scale) : null;
    this.sampler = toSampler(owner, 'noise.sampler', options.noise?.sampler ?? gaussianSampler());
    this.stream = new NoiseStream(options.noise?.seed ?? 0);
  }

  /** Gives every learner the weights of learner 0, so all start as copies of one model. */
  async start(): Promise<void> {
    const w = await this.learners[0]!.getWeights();
    await Promise.all(this.learners.slice(1).map((l) => l.setWeights(w)));
  }

  /** The element-wise mean of the learners' current weights. */
  async averagedWeights(): Promise<Float32Array[]> {
    const all = await Promise.all(this.learners.map((l) => l.getWeights()));
    return all[0]!.map((_, j) => {
      const out = new Float32Array(all[0]![j]!.length);
      for (const w of all) {
        const buf = w[j]!;
        for (let k = 0; k < out.length; k++) out[k]! += buf[k]!;
      }
      for (let k = 0; k < out.length; k++) out[k]! /= all.length;
      return out;
    });
  }

  /** The noise learner `i` receives in round `r` for tensor `j`: σ_r times the stream draw. */
  async noiseFor(round: number, learner: number, tensor: number, size: number): Promise<Float32Array | null> {
    const sigma = this.scale?.at(round) ?? 0;
    if (sigma === 0) return null;
    const noise = tf.tidy(() => tf.mul(this.sampler.sample([size], this.stream.seedFor(round, learner * 65536 + tensor), round), sigma));
    try {
      return (await noise.data()) as Float32Array;
    } finally {
      noise.dispose();
    }
  }

  /** One round: local steps on every learner, then average, then independent noise. Resolves to each learner's mean local loss. */
  async runRound(): Promise<number[]> {
    const losses = await Promise.all(this.learners.map((l) => l.train(this.syncEvery)));
    const avg = await this.averagedWeights();
    const r = this.round;
    await Promise.all(
      this.learners.map((l, i) =>
        Promise.all(
          avg.map(async (w, j) => {
            const noise = await this.noiseFor(r, i, j, w.length);
            if (!noise) return w;
            const out = new Float32Array(w.length);
            for (let k = 0; k < w.length; k++) out[k] = w[k]! + noise[k]!;
            return out;
          }),
        ).then((weights) => l.setWeights(weights)),
      ),
    );
    this.round++;
    return losses;
  }

  dispose(): void {
    for (const l of this.learners) l.dispose();
  }
}
