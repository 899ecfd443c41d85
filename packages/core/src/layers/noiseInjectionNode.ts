import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import type { Initializer } from '@tensorflow/tfjs-layers/dist/initializers';
import type { Kwargs } from '@tensorflow/tfjs-layers/dist/types';
import { NoiseStream } from '../random/noiseStream';
import type { Sampler } from '../samplers/sampler';
import type { SamplerConfig } from '../samplers/samplerConfig';
import { gaussianSampler } from '../samplers/gaussianSampler';
import { toSampler } from '../samplers/samplerFromConfig';
import type { ScalarOrSchedule, ScalarOrScheduleConfig } from '../schedules/noiseSchedule';
import { ScheduledValue } from '../schedules/scheduleFromConfig';
import { checkOneOf } from '../validation';
import type { SeededNoiseLayerArgs } from './seededNoiseLayer';

export type NoiseInjectionNodeArgs = SeededNoiseLayerArgs & {
  /** Noise scale σ, a number or a schedule over training calls. */
  scale: ScalarOrSchedule | ScalarOrScheduleConfig;
  /** Distribution of the per-example scalar ε; default Gaussian. */
  sampler?: Sampler | SamplerConfig;
  /** `'training'` (default): noise only in training; `'always'`: at inference too. */
  active?: 'training' | 'always';
  /** Initializer of θ; default uniform on [-1, 1) (seeded from `seed`). */
  thetaInitializer?: Initializer;
};

/**
 * A Noise Injection Node (Levi, Bloch, Freytsis, Volansky 2022,
 * arXiv:2210.13599): one extra node per example emitting a random scalar ε,
 * connected to every unit of a pre-activation through a trainable vector θ:
 * `z = x + σ_t · ε · θ`, `ε` of shape [batch, 1], `θ` of shape [units].
 *
 * Place it between a linear layer and its activation
 * (`dense({units, activation: 'linear'})` → NoiseInjectionNode → `activation`).
 * θ is an ordinary trainable weight, trained by whatever optimizer the model
 * uses; how ‖θ‖ evolves shows the training phase for the noise scale σ
 * (see {@link ThetaNormProbe}). With σ = 0 the layer is the identity.
 */
export class NoiseInjectionNode extends tfl.layers.Layer {
  static className = 'NoiseInjectionNode';
  readonly scale: ScheduledValue;
  readonly sampler: Sampler;
  readonly active: 'training' | 'always';
  private readonly stream: NoiseStream;
  private readonly thetaInitializer: Initializer;
  private theta: tfl.LayerVariable | null = null;
  /** Noisy calls so far: the next call uses this step of the layer's stream and schedule. */
  step = 0;

  constructor(args: NoiseInjectionNodeArgs) {
    super(args);
    this.stream = new NoiseStream(args?.seed);
    this.scale = new ScheduledValue('NoiseInjectionNode', 'scale', args?.scale);
    this.sampler = toSampler('NoiseInjectionNode', 'sampler', args.sampler ?? gaussianSampler());
    this.active = checkOneOf('NoiseInjectionNode', 'active', args.active ?? 'training', ['training', 'always'] as const);
    this.thetaInitializer =
      args.thetaInitializer ?? tfl.initializers.randomUniform({ minval: -1, maxval: 1, seed: this.stream.seed % 2147483647 });
  }

  override build(inputShape: tfl.Shape | tfl.Shape[]): void {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tfl.Shape;
    const units = shape[shape.length - 1];
    if (units == null) throw new Error(`NoiseInjectionNode: the last input dimension must be known; got shape ${JSON.stringify(shape)}.`);
    this.theta = this.addWeight('theta', [units], 'float32', this.thetaInitializer);
    this.built = true;
  }

  /** The current θ (a copy). */
  getTheta(): tf.Tensor1D {
    if (!this.theta) throw new Error('NoiseInjectionNode: θ does not exist before the layer is built.');
    return tf.clone(this.theta.read()) as tf.Tensor1D;
  }

  override computeOutputShape(inputShape: tfl.Shape | tfl.Shape[]): tfl.Shape | tfl.Shape[] {
    return inputShape;
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Kwargs): tf.Tensor {
    return tf.tidy(() => {
      this.invokeCallHook(inputs, kwargs);
      const x = Array.isArray(inputs) ? inputs[0]! : inputs;
      if (this.active === 'training' && !kwargs['training']) return x;
      const step = this.step++;
      const sigma = this.scale.at(step);
      if (sigma === 0) return x;
      // One scalar per example, broadcast over the units through θ.
      const epsShape = [x.shape[0]!, ...x.shape.slice(1, -1).map(() => 1), 1];
      const eps = this.sampler.sample(epsShape, this.stream.seedFor(step, 0), step);
      return tf.add(x, tf.mul(tf.mul(eps, sigma), this.theta!.read()));
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return {
      ...super.getConfig(),
      scale: this.scale.toConfig(),
      sampler: this.sampler.getConfig(),
      active: this.active,
      seed: this.stream.seed,
    };
  }
}

tf.serialization.registerClass(NoiseInjectionNode);
