#!/usr/bin/env node
// The closing line of .ci/run, "N passed, N failed", over everything the test command ran: the main
// vitest suite (its first "Tests" summary line), every backend lane line of test:backends, and the
// consumer suite's closing "N passed, M failed" line (test:consumers).
// Usage: node scripts/ciTotals.mjs <log of the test command>
import { readFileSync } from 'node:fs';
import { stripVTControlCharacters } from 'node:util';
import { pathToFileURL } from 'node:url';
import { sumLaneLines } from './laneResult.mjs';

/** @param {string} log */
export function ciTotals(log) {
  const text = stripVTControlCharacters(log);
  const summary = text.split('\n').find((l) => /^ +Tests +/.test(l)) ?? '';
  const count = (word) => Number(new RegExp(`(\\d+) ${word}`).exec(summary)?.[1] ?? 0);
  const lanes = sumLaneLines(text);
  const consumers = text
    .split('\n')
    .map((l) => /^(\d+) passed, (\d+) failed$/.exec(l.trim()))
    .filter((m) => m !== null)
    .at(-1);
  const [cp, cf] = consumers ? [Number(consumers[1]), Number(consumers[2])] : [0, 0];
  return { passed: count('passed') + lanes.passed + cp, failed: count('failed') + lanes.failed + cf };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { passed, failed } = ciTotals(readFileSync(process.argv[2] ?? 0, 'utf8'));
  console.log(`${passed} passed, ${failed} failed`);
}
