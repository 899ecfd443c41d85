import { GlobalNormClip } from '../optimizer/globalNormClip';
import { checkNumber, checkOptions } from '../validation';
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
  const o = checkOptions('clipByGlobalNorm', options, ['maxNorm']);
  // Checked here under this piece's own name for it (GlobalNormClip would call it clipNorm).
  const maxNorm = checkNumber('clipByGlobalNorm', 'maxNorm', o.maxNorm, { min: 0, minExclusive: true });
  const clip = new GlobalNormClip('clipByGlobalNorm', maxNorm);
  return transformPiece('clip-by-global-norm', clip, { maxNorm: clip.maxNorm });
}
