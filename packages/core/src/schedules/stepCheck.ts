import { InvalidOptionError } from '../validation';

/** Schedules are defined on whole steps >= 0; anything else is a caller bug. */
export function checkStep(kind: string, step: number): void {
  if (!Number.isInteger(step) || step < 0) {
    throw new InvalidOptionError(`${kind} schedule`, 'step', step, 'an integer >= 0');
  }
}
