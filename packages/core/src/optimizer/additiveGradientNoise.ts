import * as tf from '@tensorflow/tfjs-core';
import { StreamPurpose } from '../random/noiseStream';
import type { Sampler } from '../samplers/sampler';
import type { ScheduledValue } from '../schedules/scheduleFromConfig';
import { fusedNoiseKernelFor } from './fusedNoiseKernel';
import type { GradientTransform } from './gradientTransform';
import type { GradientEntry, StepContext } from './stepContext';

/**
 * `g + scale(t) · ε`, ε from `sampler` seeded per (step, variable).
 *
 * This is where gradient noise enters (optax issue #337): after clipping,
 * before the learning rate and any preconditioner. `noiseClip`, when set,
 * bounds each unit draw to [-noiseClip, noiseClip] before scaling, so every
 * noise element is at most `noiseClip · scale(t)` in magnitude.
 *
 * Where the active backend has a fused kernel (see
 * {@link registerFusedNoiseKernel}: cpu, wasm and CPU TensorFlow run one host
 * pass with the same result; webgl and webgpu draw in a shader, with no noise
 * uploaded), the draw and the addition are one pass; elsewhere they are tf ops.
 */
export class AdditiveGradientNoise implements GradientTransform {
  constructor(
    readonly scale: ScheduledValue,
    readonly sampler: Sampler,
    readonly noiseClip: number | null = null,
  ) {}

  /** The unit draw for one variable at one step: exactly what `transform` scales and adds. */
  unitNoise(shape: number[], index: number, ctx: Pick<StepContext, 'step' | 'stream'>): tf.Tensor {
    const draw = this.sampler.sample(shape, ctx.stream.seedFor(ctx.step, index, StreamPurpose.noise), ctx.step, ctx.stream.version);
    if (this.noiseClip === null) return draw;
    return tf.tidy(() => tf.clipByValue(draw, -this.noiseClip!, this.noiseClip!));
  }

  transform(gradients: tf.Tensor[], entries: readonly GradientEntry[], ctx: StepContext): tf.Tensor[] {
    const scale = this.scale.at(ctx.step);
    // Zero scale adds nothing: skip the draws, so a noise-free run costs what SGD costs.
    if (scale === 0) return gradients;
    const kernel = fusedNoiseKernelFor(tf.getBackend());
    return gradients.map((g, i) => {
      const index = entries[i]!.index;
      const fused = kernel?.({
        gradient: g,
        sampler: this.sampler,
        seed: ctx.stream.seedFor(ctx.step, index, StreamPurpose.noise),
        step: ctx.step,
        streamVersion: ctx.stream.version,
        scale,
        noiseClip: this.noiseClip,
      });
      return fused ?? tf.add(g, tf.mul(this.unitNoise(g.shape, index, ctx), scale));
    });
  }
}
