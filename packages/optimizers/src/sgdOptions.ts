import {
  MomentumUpdate,
  ScheduledValue,
  checkBoolean,
  checkNumber,
  type ScalarOrSchedule,
  type ScalarOrScheduleConfig,
} from '@tfjs-noise/core';

/** Options of the SGD base update shared by the optimizers in this package. */
export type SgdOptions = {
  /** Learning rate, a number or a schedule; default 0.01. */
  learningRate?: ScalarOrSchedule | ScalarOrScheduleConfig;
  /** Heavy-ball momentum in [0, 1); default 0 (plain SGD, no slot). */
  momentum?: number;
  /** Nesterov momentum (needs momentum > 0); default false. */
  nesterov?: boolean;
  /** Coupled L2 weight decay added to the gradient; default 0. */
  weightDecay?: number;
};

/** The keys of {@link SgdOptions}, for strict option checks. */
export const SGD_OPTION_KEYS = ['learningRate', 'momentum', 'nesterov', 'weightDecay'] as const;

/** Config form of {@link SgdOptions}, as `getConfig` writes it. */
export type SgdConfig = {
  learningRate: ScalarOrScheduleConfig;
  momentum: number;
  nesterov: boolean;
  weightDecay: number;
};

/** Validates SGD options and builds the update rule. */
export function sgdUpdate(owner: string, o: SgdOptions): { update: MomentumUpdate; config: SgdConfig } {
  const learningRate = new ScheduledValue(owner, 'learningRate', o.learningRate ?? 0.01, { min: 0 });
  const momentum = checkNumber(owner, 'momentum', o.momentum ?? 0, { min: 0, max: 1, maxExclusive: true });
  const nesterov = checkBoolean(owner, 'nesterov', o.nesterov ?? false);
  if (nesterov && momentum === 0) {
    throw new Error(`${owner}: nesterov must be false when momentum is 0; got nesterov = true with momentum = 0.`);
  }
  const weightDecay = checkNumber(owner, 'weightDecay', o.weightDecay ?? 0, { min: 0 });
  return {
    update: new MomentumUpdate({ learningRate, momentum, nesterov, weightDecay }),
    config: { learningRate: learningRate.toConfig(), momentum, nesterov, weightDecay },
  };
}
