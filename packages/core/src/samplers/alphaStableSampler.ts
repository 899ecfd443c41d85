import * as tf from '@tensorflow/tfjs-core';
import { uniformArray } from '../random/counterRandom';
import { hostAlphaStable } from '../random/hostNoise';
import { CURRENT_NOISE_STREAM_VERSION, type NoiseStreamVersion } from '../random/streamVersion';
import { deriveSeed } from '../random/seedMixer';
import { sizeOf } from './sizeOf';
import { ScheduledValue } from '../schedules/scheduleFromConfig';
import type { ScalarOrSchedule, ScalarOrScheduleConfig } from '../schedules/noiseSchedule';
import type { Sampler } from './sampler';

export type AlphaStableSamplerConfig = { kind: 'alpha-stable'; alpha: ScalarOrScheduleConfig };

/** The largest float32 strictly below `x` (x > 0 and not itself a float32 above it). */
function float32Below(x: number): number {
  const f = new Float32Array([x]);
  if (f[0]! >= x) {
    const bits = new Uint32Array(f.buffer);
    bits[0] = bits[0]! - 1;
  }
  return f[0]!;
}

/**
 * float32(π/2) is *above* π/2, where cos turns negative and pow gives NaN;
 * V is kept inside [-HALF_PI_BELOW, HALF_PI_BELOW], strictly within (-π/2, π/2).
 */
export const HALF_PI_BELOW = float32Below(Math.PI / 2);
/** Floor for the positive quantities whose logarithm is taken. */
const TINY = 1e-30;
/**
 * Draws are computed as sign · exp(log|X|); log|X| is capped here so the
 * result stays finite in float32 (e^88 ≈ 1.65e38 < 3.4e38). For alpha >= 0.5
 * the cap is essentially never reached; at alpha = 0.1 about 1 draw in 7,000
 * saturates, since P(|X| > x) decays only as x^-alpha.
 */
export const ALPHA_STABLE_LOG_MAX = 88;

/**
 * Symmetric alpha-stable noise S_alpha(scale 1, skew 0, location 0) by the
 * Chambers–Mallows–Stuck method:
 * `V ~ U(-π/2, π/2)`, `W ~ Exp(1)`,
 * `X = sin(αV) / cos(V)^(1/α) · (cos((1-α)V) / W)^((1-α)/α)`; `X = tan V` at α = 1.
 *
 * Float32 safeguards: V stays strictly inside the open interval, W and the
 * cosines are floored before their logarithms, and the product is formed in
 * the log domain and capped at {@link ALPHA_STABLE_LOG_MAX}, so every output is
 * finite for every alpha in (0, 2]. At alpha = 2 the draw is Gaussian with
 * variance 2, not 1; at alpha = 1 it is standard Cauchy.
 *
 * Stream version 2 computes the draw on the host (the WebAssembly SIMD
 * module or its JavaScript twin) with float32 polynomial log/sin/cos/exp and
 * the same safeguards, so it is identical on every backend; version 1 builds
 * it from tf ops on the backend.
 *
 * `alpha` may follow a schedule (heavier tails early, alpha → 2 later); a
 * scheduled value outside (0, 2] throws at the step where it occurs.
 */
export class AlphaStableSampler implements Sampler<AlphaStableSamplerConfig> {
  readonly kind = 'alpha-stable' as const;
  readonly alpha: ScheduledValue;
  constructor(alpha: ScalarOrSchedule | ScalarOrScheduleConfig) {
    this.alpha = new ScheduledValue('alpha-stable sampler', 'alpha', alpha, { min: 0, minExclusive: true, max: 2 });
  }
  sample(shape: number[], seed: number, step: number, streamVersion: NoiseStreamVersion = CURRENT_NOISE_STREAM_VERSION): tf.Tensor {
    const alpha = this.alpha.at(step);
    const n = sizeOf(shape);
    if (streamVersion !== 1) return tf.tensor(this.draw(n, seed, step), shape, 'float32');
    return tf.tidy(() => {
      // u on a 2^-24 grid in [0, 1): |V| <= HALF_PI_BELOW after float32 rounding.
      const v = tf.sub(tf.mul(tf.tensor(uniformArray(n, deriveSeed(seed, 1)), shape, 'float32'), 2 * HALF_PI_BELOW), HALF_PI_BELOW);
      if (alpha === 1) return tf.tan(v);
      const u = tf.tensor(uniformArray(n, deriveSeed(seed, 2)), shape, 'float32');
      const w = tf.maximum(tf.neg(tf.log(tf.sub(1, u))), TINY);
      const sinAlphaV = tf.sin(tf.mul(v, alpha));
      const logCosV = tf.log(tf.maximum(tf.cos(v), TINY));
      const logCosRest = tf.log(tf.maximum(tf.cos(tf.mul(v, 1 - alpha)), TINY));
      const logMagnitude = tf.minimum(
        tf.add(
          tf.sub(tf.log(tf.abs(sinAlphaV)), tf.mul(logCosV, 1 / alpha)),
          tf.mul(tf.sub(logCosRest, tf.log(w)), (1 - alpha) / alpha),
        ),
        ALPHA_STABLE_LOG_MAX,
      );
      return tf.mul(tf.sign(sinAlphaV), tf.exp(logMagnitude));
    });
  }
  /** The stream-version-2 draws as a host array (what `sample` uploads). */
  draw(n: number, seed: number, step: number): Float32Array {
    return hostAlphaStable(n, deriveSeed(seed, 1), deriveSeed(seed, 2), this.alpha.at(step));
  }
  getConfig(): AlphaStableSamplerConfig {
    return { kind: this.kind, alpha: this.alpha.toConfig() };
  }
}

export function alphaStableSampler(alpha: ScalarOrSchedule | ScalarOrScheduleConfig): AlphaStableSampler {
  return new AlphaStableSampler(alpha);
}
