import type { NoisyOptimizerBaseOptions } from '../optimizer/noisyOptimizer';
import { InvalidOptionError } from '../validation';
import { ComposedOptimizer } from './composedOptimizer';
import { isPiece, type Piece, type PerturbationPiece, type TransformPiece, type UpdatePiece } from './piece';

const ORDER = 'at most one perturbation first, then any transforms, then exactly one update last';

/**
 * Composes pieces into one tfjs optimizer, optax-style: an optional
 * perturbation, then gradient transforms in order, then one update, with an
 * optional trailing `{ seed, nonFinite }`.
 *
 * @example
 * ```ts
 * // SAM + annealed gradient noise + Adam, in one expression:
 * const opt = chain(
 *   samPerturbation({ rho: 0.05 }),
 *   addNoise({ noise: annealedVarianceSchedule({ eta: 0.01 }) }),
 *   optimizerUpdate(tf.train.adam(1e-3)),
 *   { seed: 42 },
 * );
 * model.compile({ optimizer: opt, loss: 'categoricalCrossentropy' });
 * ```
 */
export function chain(...items: Array<Piece | NoisyOptimizerBaseOptions>): ComposedOptimizer {
  const last = items.at(-1);
  const options = last !== undefined && !isPiece(last) ? (last as NoisyOptimizerBaseOptions) : {};
  const pieces = (last !== undefined && !isPiece(last) ? items.slice(0, -1) : items) as unknown[];
  const roles = pieces.map((p) => (isPiece(p) ? p.role : 'not a piece'));
  const perturbations = roles[0] === 'perturbation' ? 1 : 0;
  const valid =
    roles.length >= 1 &&
    roles.at(-1) === 'update' &&
    roles.slice(perturbations, -1).every((r) => r === 'transform');
  if (!valid) throw new InvalidOptionError('chain', 'pieces (by role)', roles, ORDER);
  const ps = pieces as Piece[];
  return new ComposedOptimizer({
    ...options,
    perturbation: perturbations ? (ps[0] as PerturbationPiece) : null,
    transforms: ps.slice(perturbations, -1) as TransformPiece[],
    update: ps.at(-1) as UpdatePiece,
  });
}
