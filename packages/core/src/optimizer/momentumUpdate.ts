import * as tf from '@tensorflow/tfjs-core';
import type { ScheduledValue } from '../schedules/scheduleFromConfig';
import type { GradientEntry, StepContext } from './stepContext';
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
  constructor(readonly options: MomentumUpdateOptions) {}

  apply(gradients: tf.Tensor[], entries: readonly GradientEntry[], ctx: StepContext): void {
    const { momentum, nesterov, weightDecay } = this.options;
    const lr = this.options.learningRate.at(ctx.step);
    const targets: tf.Variable[] = [];
    const accumulators = entries.map((e) =>
      momentum > 0 ? ctx.slots.getOrCreate(e.index, MomentumUpdate.SLOT, e.variable.shape) : null,
    );
    const values = tf.tidy(() => {
      const c = tf.scalar(-lr);
      const m = tf.scalar(momentum);
      const out: tf.Tensor[] = [];
      entries.forEach((e, i) => {
        let g = gradients[i]!;
        if (weightDecay > 0) g = tf.add(g, tf.mul(e.variable, weightDecay));
        const acc = accumulators[i];
        if (acc) {
          const newAcc = tf.add(tf.mul(m, acc), g);
          const direction = nesterov ? tf.add(g, tf.mul(newAcc, m)) : newAcc;
          out.push(tf.add(tf.mul(c, direction), e.variable), newAcc);
          targets.push(e.variable, acc);
        } else {
          out.push(tf.add(tf.mul(c, g), e.variable));
          targets.push(e.variable);
        }
      });
      return out;
    });
    ctx.commit(targets, values);
  }
}
