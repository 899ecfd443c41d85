import { cpus, platform, totalmem } from 'node:os';
import * as tf from '@tensorflow/tfjs-core';

/** One line naming when and where a benchmark ran. */
export function machineLine(backends: string): string {
  const cpu = cpus()[0]?.model?.trim() ?? 'unknown CPU';
  return `Run on ${new Date().toISOString().slice(0, 10)}: ${cpus().length} × ${cpu}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, ${platform()}, Node ${process.version}, tfjs ${tf.version_core}; backend ${backends}.`;
}
