import { InvalidOptionError, checkOptions } from '../validation';
import { addNoise } from './addNoise';
import { antiCorrelatedUpdate } from './antiCorrelatedUpdate';
import { clipByGlobalNorm } from './clipByGlobalNorm';
import { langevinUpdate } from './langevinUpdate';
import { layerwisePerturbation } from './layerwisePerturbation';
import { optimizerUpdate } from './optimizerUpdate';
import type { Piece, PieceConfig, PieceRole } from './piece';
import { asamPerturbation, samPerturbation } from './samPerturbation';
import { sgdUpdate } from './sgdUpdate';
import { symmetricPerturbation } from './symmetricPerturbation';

/** Builds a piece from its config minus `kind`; must validate every field (the factories do). */
export type PieceBuilder = (options: Record<string, unknown>) => Piece;

const builders = new Map<string, PieceBuilder>([
  ['sam', (o) => samPerturbation(o)],
  ['asam', (o) => asamPerturbation(o)],
  ['symmetric', (o) => symmetricPerturbation(o)],
  ['layerwise', (o) => layerwisePerturbation(o)],
  ['clip-by-global-norm', (o) => clipByGlobalNorm(o as { maxNorm: number })],
  ['add-noise', (o) => addNoise(o)],
  ['sgd', (o) => sgdUpdate(o)],
  ['optimizer', (o) => optimizerUpdate(checkOptions('optimizerUpdate', o, ['optimizer'])['optimizer'] as never)],
  ['langevin', (o) => langevinUpdate(o)],
  ['anti-correlated', (o) => antiCorrelatedUpdate(o)],
]);

/** Kinds `pieceFromConfig` knows now: the built-in ones plus any registered. */
export function pieceKinds(): string[] {
  return [...builders.keys()];
}

/**
 * Makes a piece kind of your own loadable from configs (so an optimizer using
 * it saves and loads with a model). The builder receives the config minus
 * `kind` and must validate it. Registering a built-in kind again is an error.
 */
export function registerPiece(kind: string, build: PieceBuilder): void {
  if (typeof kind !== 'string' || kind.length === 0 || builders.has(kind)) {
    throw new InvalidOptionError('registerPiece', 'kind', kind, `a non-empty string not already registered (registered: ${pieceKinds().join(', ')})`);
  }
  builders.set(kind, build);
}

/**
 * Rebuilds a piece from `piece.getConfig()`, validating its kind, its role
 * (when `role` is given) and every option.
 */
export function pieceFromConfig(config: PieceConfig, role?: PieceRole, owner = 'pieceFromConfig', parameter = 'kind'): Piece {
  const kind = (config as { kind?: unknown } | null)?.kind;
  const build = typeof kind === 'string' ? builders.get(kind) : undefined;
  if (!build) {
    throw new InvalidOptionError(owner, parameter, kind ?? config, `a registered piece kind: one of ${pieceKinds().map((k) => JSON.stringify(k)).join(', ')}`);
  }
  const { kind: _kind, ...options } = config;
  const piece = build(options);
  if (role && piece.role !== role) {
    throw new InvalidOptionError(owner, parameter, kind, `the kind of a ${role} piece; "${kind}" is a ${piece.role} piece`);
  }
  return piece;
}
