import type * as tf from '@tensorflow/tfjs-core';
import type { GradientTransform } from '../optimizer/gradientTransform';
import type { Perturbation } from '../optimizer/perturbation';
import type { UpdateRule } from '../optimizer/updateRule';

/** Plain-JSON config of a piece: its registered kind plus its options. */
export type PieceConfig = { kind: string } & tf.serialization.ConfigDict;

type Described = {
  /** Registered kind, the key `pieceFromConfig` looks up. */
  readonly kind: string;
  /** Plain JSON; `pieceFromConfig(getConfig())` rebuilds an equal piece. */
  getConfig(): PieceConfig;
};

/** Weight-space noise taken inside `computeGradients` (at most one per optimizer, first). */
export type PerturbationPiece = Perturbation & Described & { readonly role: 'perturbation' };
/** A gradient stage between the gradient and the update (any number, in order). */
export type TransformPiece = GradientTransform & Described & { readonly role: 'transform' };
/** The base update that writes the weights (exactly one, last). */
export type UpdatePiece = UpdateRule & Described & { readonly role: 'update' };
/** Anything `chain` accepts. */
export type Piece = PerturbationPiece | TransformPiece | UpdatePiece;
export type PieceRole = Piece['role'];

const snapshot = (kind: string, config: object) => () => structuredClone({ kind, ...config }) as PieceConfig;

/** Wraps a Perturbation with its kind and config. */
export function perturbationPiece(kind: string, impl: Perturbation, config: object): PerturbationPiece {
  return {
    role: 'perturbation',
    kind,
    passesPerStep: impl.passesPerStep,
    ...(impl.slots ? { slots: impl.slots } : {}),
    gradients: (f, variables, ctx) => impl.gradients(f, variables, ctx),
    ...(impl.dispose ? { dispose: () => impl.dispose!() } : {}),
    getConfig: snapshot(kind, config),
  };
}

/** Wraps a GradientTransform with its kind and config. */
export function transformPiece(kind: string, impl: GradientTransform, config: object): TransformPiece {
  return { role: 'transform', kind, transform: (g, e, ctx) => impl.transform(g, e, ctx), getConfig: snapshot(kind, config) };
}

/** Wraps an UpdateRule with its kind and config (its state hooks included). */
export function updatePiece(kind: string, impl: UpdateRule, config: object | (() => object)): UpdatePiece {
  return {
    role: 'update',
    kind,
    ...(impl.slots ? { slots: impl.slots } : {}),
    apply: (g, e, ctx) => impl.apply(g, e, ctx),
    ...(impl.getWeights ? { getWeights: () => impl.getWeights!() } : {}),
    ...(impl.prepareRestore
      ? { prepareRestore: (w: Parameters<NonNullable<UpdateRule['prepareRestore']>>[0], owner: string) => impl.prepareRestore!(w, owner) }
      : {}),
    ...(impl.dispose ? { dispose: () => impl.dispose!() } : {}),
    getConfig: typeof config === 'function' ? () => snapshot(kind, config())() : snapshot(kind, config),
  };
}

export function isPiece(x: unknown): x is Piece {
  if (typeof x !== 'object' || x === null) return false;
  const p = x as Partial<Piece>;
  return (p.role === 'perturbation' || p.role === 'transform' || p.role === 'update') && typeof p.getConfig === 'function';
}
