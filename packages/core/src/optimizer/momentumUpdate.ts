import * as tf from '@tensorflow/tfjs-core';
import type { ScheduledValue } from '../schedules/scheduleFromConfig';
import type { SlotKind } from './optimizerState';
import type { GradientEntry, StepContext, StepWrite } from './stepContext';
import type { UpdateRule } from './updateRule';

export type MomentumUpdateOptions = {
  learningRate: ScheduledValue;
  /** 0 gives plain SGD and no slot. */
  momentum: number;
  nesterov: boolean;
  /** Coupled L2 decay: `wd · w` is added to the gradient before momentum. */
  weightDecay: number;
};

/**
 * SGD with optional heavy-ball or Nesterov momentum, written with the same
 * operations in the same order as `tf.train.sgd` / `tf.train.momentum`, so a
 * noise-free run matches them: `v ← m·v + g`, `w ← w − lr·v` (Nesterov:
 * `w ← w − lr·(g + m·v)`).
 */
export class MomentumUpdate implements UpdateRule {
  static readonly SLOT = 'momentum';
  readonly slots: Readonly<Record<string, SlotKind>>;
  constructor(readonly options: MomentumUpdateOptions) {
    this.slots = options.momentum > 0 ? { [MomentumUpdate.SLOT]: 'variable' } : {};
  }

  apply(gradients: tf.Tensor[], entries: readonly GradientEntry[], ctx: StepContext): void {
    const { momentum, nesterov, weightDecay } = this.options;
    const lr = this.options.learningRate.at(ctx.step);
    // Read (and shape-check) every slot before computing anything.
    const accumulators = entries.map((e) => (momentum > 0 ? ctx.slot(e.index, MomentumUpdate.SLOT, e.variable.shape) ?? null : null));
    const writes = tf.tidy(() => {
      const c = tf.scalar(-lr);
      const m = tf.scalar(momentum);
      const out: StepWrite[] = [];
      entries.forEach((e, i) => {
        let g = gradients[i]!;
        if (weightDecay > 0) g = tf.add(g, tf.mul(e.variable, weightDecay));
        if (momentum > 0) {
          const acc = accumulators[i];
          // A missing accumulator is zero (as tfjs's momentum starts), created by the commit.
          const newAcc = acc ? tf.add(tf.mul(m, acc), g) : tf.add(tf.mul(m, tf.zerosLike(g)), g);
          const direction = nesterov ? tf.add(g, tf.mul(newAcc, m)) : newAcc;
          out.push({ variable: e.variable, value: tf.add(tf.mul(c, direction), e.variable) }, { index: e.index, slot: MomentumUpdate.SLOT, value: newAcc });
        } else {
          out.push({ variable: e.variable, value: tf.add(tf.mul(c, g), e.variable) });
        }
      });
      return out;
    });
    ctx.commit(writes);
  }
}
