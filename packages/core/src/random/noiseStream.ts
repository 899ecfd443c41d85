import { checkNumber } from '../validation';
import { deriveSeed, normalizeSeed, randomSeed } from './seedMixer';
import { CURRENT_NOISE_STREAM_VERSION, checkStreamVersion, type NoiseStreamVersion } from './streamVersion';

/**
 * Purposes of draws within one step, so that two draws for the same variable
 * and step (say the two uniforms of an alpha-stable draw, or the choice of a
 * layer) never share a seed.
 */
export const StreamPurpose = {
  noise: 0,
  choice: 1,
  auxiliary: 2,
} as const;

/**
 * The seeded noise stream of one optimizer or layer: a base seed plus a pure
 * function from (step, variable index, purpose) to a tfjs seed. It holds no
 * counter of its own; the step is the owner's iteration count, so saving the
 * base seed, the step and the {@link NoiseStreamVersion} is enough to continue
 * the same stream after restore.
 */
export class NoiseStream {
  readonly seed: number;
  /** Which generators the draws use; samplers receive it with every seed. */
  readonly version: NoiseStreamVersion;
  /** `owner` names the class whose `seed` option this is, for the error message. */
  constructor(seed?: number, owner = 'NoiseStream', version: NoiseStreamVersion = CURRENT_NOISE_STREAM_VERSION) {
    this.version = checkStreamVersion(owner, 'version', version);
    this.seed =
      seed === undefined
        ? randomSeed()
        : normalizeSeed(checkNumber(owner, 'seed', seed, { integer: true, min: Number.MIN_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER }));
  }
  /** The tfjs seed for one draw; never 0. */
  seedFor(step: number, index: number, purpose: number = StreamPurpose.noise): number {
    return deriveSeed(this.seed, step, index, purpose);
  }
}
