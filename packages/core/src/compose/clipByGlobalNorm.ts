import { GlobalNormClip } from '../optimizer/globalNormClip';
import { checkKnownKeys } from './knownKeys';
import { transformPiece, type TransformPiece } from './piece';

/**
 * Scales all gradients of a step together so that their global L2 norm is at
 * most `maxNorm` (optax `clip_by_global_norm`). Put it before `addNoise` so the
 * noise is not clipped away.
 *
 * @example
 * ```ts
 * const opt = chain(clipByGlobalNorm({ maxNorm: 10 }), addNoise(), sgdUpdate({ learningRate: 0.1 }));
 * ```
 */
export function clipByGlobalNorm(options: { maxNorm: number }): TransformPiece {
  const o = checkKnownKeys('clipByGlobalNorm', options, ['maxNorm']);
  const clip = new GlobalNormClip('clipByGlobalNorm', o.maxNorm);
  // GlobalNormClip names the parameter clipNorm (its optimizers' option); here it is maxNorm.
  return transformPiece('clip-by-global-norm', clip, { maxNorm: clip.maxNorm });
}
