import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import type { Sampler } from '../samplers/sampler';
import type { SamplerConfig } from '../samplers/samplerConfig';
import { gaussianSampler } from '../samplers/gaussianSampler';
import { toSampler } from '../samplers/samplerFromConfig';
import type { ScalarOrSchedule, ScalarOrScheduleConfig } from '../schedules/noiseSchedule';
import { ScheduledValue } from '../schedules/scheduleFromConfig';
import { SeededNoiseLayer, type SeededNoiseLayerArgs } from './seededNoiseLayer';

// From the public API (a deep import does not resolve under node16 ESM; see seededNoiseLayer.ts).
type Initializer = ReturnType<typeof tfl.initializers.ones>;

export type NoiseInjectionNodeArgs = SeededNoiseLayerArgs & {
  /** Noise scale σ, a number or a schedule over noisy calls. */
  scale: ScalarOrSchedule | ScalarOrScheduleConfig;
  /** Distribution of the per-example scalar ε; default Gaussian. */
  sampler?: Sampler | SamplerConfig;
  /** Initializer of θ; default uniform on [-1, 1) (seeded from `seed`). Not saved in the config: θ itself is saved with the weights. */
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
export class NoiseInjectionNode extends SeededNoiseLayer {
  static className = 'NoiseInjectionNode';
  readonly scale: ScheduledValue;
  readonly sampler: Sampler;
  private readonly thetaInitializer: Initializer;
  private theta: tfl.LayerVariable | null = null;

  constructor(args: NoiseInjectionNodeArgs) {
    super(args);
    this.scale = new ScheduledValue('NoiseInjectionNode', 'scale', args?.scale);
    this.sampler = toSampler('NoiseInjectionNode', 'sampler', args.sampler ?? gaussianSampler());
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

  protected noise(shape: number[], seed: number, step: number): tf.Tensor | null {
    const sigma = this.scale.at(step);
    if (sigma === 0) return null;
    // One scalar per example, broadcast over the units through θ.
    const eps = this.sampler.sample([shape[0]!, ...shape.slice(1, -1).map(() => 1), 1], seed, step);
    return tf.mul(tf.mul(eps, sigma), this.theta!.read());
  }

  protected noiseConfig(): tf.serialization.ConfigDict {
    return { scale: this.scale.toConfig(), sampler: this.sampler.getConfig() };
  }
}

tf.serialization.registerClass(NoiseInjectionNode);
