import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { NoiseStream } from '../random/noiseStream';
import { checkOneOf } from '../validation';

// Derived from tfjs-layers' public API: a deep import such as
// '@tensorflow/tfjs-layers/dist/engine/topology' has no extension and does not
// resolve for TypeScript consumers on moduleResolution node16/nodenext (ESM),
// where the layer types would silently become `any`.
type LayerArgs = NonNullable<ConstructorParameters<typeof tfl.layers.Layer>[0]>;
type Kwargs = Parameters<tfl.layers.Layer['call']>[1];

export type SeededNoiseLayerArgs = LayerArgs & {
  /** Base seed of the layer's noise stream; random when omitted (and then written to the config). */
  seed?: number;
  /** `'training'` (default): noise only in training; `'always'`: at inference too. */
  active?: 'training' | 'always';
};

/**
 * An additive noise layer with its own seeded stream: `x + noise` in training
 * (`model.fit`, or `apply` with `{training: true}`), and the identity at
 * inference unless `active: 'always'`.
 *
 * Each training call is one step of the layer's stream, so two models built
 * with the same seed and trained on the same batches see the same noise. The
 * step count lives in JavaScript (`step`), not in the saved weights: a model
 * loaded from disk starts its stream again at step 0 unless `step` is set.
 */
export abstract class SeededNoiseLayer extends tfl.layers.Layer {
  protected readonly stream: NoiseStream;
  readonly active: 'training' | 'always';
  /** Noisy calls so far: the next call uses this step of the stream. */
  step = 0;

  constructor(args: SeededNoiseLayerArgs) {
    super(args);
    this.supportsMasking = true;
    this.stream = new NoiseStream(args?.seed);
    this.active = checkOneOf(this.getClassName(), 'active', args?.active ?? 'training', ['training', 'always'] as const);
  }

  /** Scaled noise for one noisy call, broadcastable to `shape`; null adds nothing. */
  protected abstract noise(shape: number[], seed: number, step: number): tf.Tensor | null;
  /** The layer's own config entries (besides `seed` and the base layer's). */
  protected abstract noiseConfig(): tf.serialization.ConfigDict;

  override computeOutputShape(inputShape: tfl.Shape | tfl.Shape[]): tfl.Shape | tfl.Shape[] {
    return inputShape;
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Kwargs): tf.Tensor {
    return tf.tidy(() => {
      this.invokeCallHook(inputs, kwargs);
      const x = Array.isArray(inputs) ? inputs[0]! : inputs;
      if (this.active === 'training' && !kwargs['training']) return x;
      const step = this.step++;
      const noise = this.noise(x.shape, this.stream.seedFor(step, 0), step);
      return noise ? tf.add(x, noise) : x;
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), ...this.noiseConfig(), active: this.active, seed: this.stream.seed };
  }
}
