import * as tf from '@tensorflow/tfjs-core';
import { NoisyOptimizer, type NoisyOptimizerBaseOptions } from '../optimizer/noisyOptimizer';
import { InvalidOptionError, checkOptions } from '../validation';
import { isPiece, type Piece, type PieceConfig, type PerturbationPiece, type PieceRole, type TransformPiece, type UpdatePiece } from './piece';
import { pieceFromConfig } from './pieceRegistry';

export type ComposedOptimizerOptions = NoisyOptimizerBaseOptions & {
  /** Weight-space noise taken inside `computeGradients`; default none. */
  perturbation?: PerturbationPiece | PieceConfig | null;
  /** Gradient stages, applied in order; default none. */
  transforms?: ReadonlyArray<TransformPiece | PieceConfig>;
  /** The base update (required). */
  update: UpdatePiece | PieceConfig;
};

export type ComposedOptimizerConfig = {
  perturbation: PieceConfig | null;
  transforms: PieceConfig[];
  update: PieceConfig;
  seed: number;
  nonFinite: string;
};

const KEYS = ['perturbation', 'transforms', 'update', 'seed', 'nonFinite'];

function resolve<P extends Piece>(value: unknown, role: PieceRole, parameter: string): P {
  if (isPiece(value)) {
    if (value.role !== role) throw new InvalidOptionError('ComposedOptimizer', parameter, value.kind, `a ${role} piece; "${value.kind}" is a ${value.role} piece`);
    return value as P;
  }
  if (typeof value === 'object' && value !== null && 'kind' in value) return pieceFromConfig(value as PieceConfig, role, 'ComposedOptimizer', parameter) as P;
  throw new InvalidOptionError('ComposedOptimizer', parameter, value, `a ${role} piece or its config ({kind, ...})`);
}

/**
 * A tfjs `Optimizer` built from pieces: an optional perturbation (SAM, ASAM,
 * symmetric or layer-wise weight noise), gradient transforms (clipping, added
 * noise), and one update (the library's SGD, SGLD, Anti-PGD, or any tfjs
 * optimizer). Usually built with {@link chain}.
 *
 * It is a `NoisyOptimizer`, so it shares the four optimizers' machinery: one
 * seeded noise stream for all pieces, slots keyed by variable, the finite
 * guard, and `getWeights` / `setWeights` that resume bit for bit. Its config
 * holds each piece's config; `fromConfig` rebuilds every piece through the
 * piece registry (validating kinds, roles and options), so it saves and loads
 * with `model.save` like any registered optimizer.
 *
 * Each piece belongs to one optimizer (an `optimizerUpdate` owns its tfjs
 * optimizer and `dispose()` disposes it): build fresh pieces per optimizer.
 */
export class ComposedOptimizer extends NoisyOptimizer {
  static get className(): string {
    return 'ComposedOptimizer';
  }
  readonly perturbation: PerturbationPiece | null;
  readonly transforms: readonly TransformPiece[];
  readonly update: UpdatePiece;

  constructor(options: ComposedOptimizerOptions) {
    const o = checkOptions('ComposedOptimizer', options, KEYS, { nullable: ['perturbation'] });
    super(o);
    const transforms = o.transforms ?? [];
    if (!Array.isArray(transforms)) throw new InvalidOptionError('ComposedOptimizer', 'transforms', transforms, 'an array of transform pieces or their configs');
    this.perturbation = o.perturbation == null ? null : resolve<PerturbationPiece>(o.perturbation, 'perturbation', 'perturbation');
    this.transforms = transforms.map((t, i) => resolve<TransformPiece>(t, 'transform', `transforms[${i}]`));
    this.update = resolve<UpdatePiece>(o.update, 'update', 'update');
    this.compose(
      { transforms: [...this.transforms], update: this.update, ...(this.perturbation ? { perturbation: this.perturbation } : {}) },
      {
        perturbation: this.perturbation?.getConfig() ?? null,
        transforms: this.transforms.map((t) => t.getConfig()),
        update: this.update.getConfig(),
      },
    );
  }
}

tf.serialization.registerClass(ComposedOptimizer);
