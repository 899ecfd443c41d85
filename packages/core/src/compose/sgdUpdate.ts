import { MomentumUpdate } from '../optimizer/momentumUpdate';
import { ScheduledValue } from '../schedules/scheduleFromConfig';
import type { ScalarOrSchedule, ScalarOrScheduleConfig } from '../schedules/noiseSchedule';
import { checkBoolean, checkNumber, checkOptions, InvalidOptionError } from '../validation';
import { updatePiece, type UpdatePiece } from './piece';

export type SgdUpdateOptions = {
  /** Learning rate, a number or a schedule; default 0.01. */
  learningRate?: ScalarOrSchedule | ScalarOrScheduleConfig;
  /** Heavy-ball momentum in [0, 1); default 0. */
  momentum?: number;
  /** Nesterov momentum (needs momentum > 0); default false. */
  nesterov?: boolean;
  /** Coupled L2 weight decay; default 0. */
  weightDecay?: number;
};

/**
 * The library's SGD step (optionally heavy-ball or Nesterov momentum, coupled
 * weight decay): the same operations in the same order as `tf.train.sgd` /
 * `tf.train.momentum`, with a learning rate that may follow a schedule.
 *
 * @example
 * ```ts
 * const opt = chain(addNoise({ noise: 0.01 }), sgdUpdate({ learningRate: 0.1, momentum: 0.9 }));
 * ```
 */
export function sgdUpdate(options?: SgdUpdateOptions): UpdatePiece {
  const owner = 'sgdUpdate';
  const o = checkOptions(owner, options, ['learningRate', 'momentum', 'nesterov', 'weightDecay']);
  const learningRate = new ScheduledValue(owner, 'learningRate', o.learningRate ?? 0.01);
  const momentum = checkNumber(owner, 'momentum', o.momentum ?? 0, { min: 0, max: 1, maxExclusive: true });
  const nesterov = checkBoolean(owner, 'nesterov', o.nesterov ?? false);
  if (nesterov && momentum === 0) throw new InvalidOptionError(owner, 'nesterov', nesterov, 'false when momentum is 0');
  const weightDecay = checkNumber(owner, 'weightDecay', o.weightDecay ?? 0, { min: 0 });
  return updatePiece('sgd', new MomentumUpdate({ learningRate, momentum, nesterov, weightDecay }), {
    learningRate: learningRate.toConfig(),
    momentum,
    nesterov,
    weightDecay,
  });
}
