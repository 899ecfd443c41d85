// One backend lane's outcome, read from vitest's JSON report (`--reporter=json`), and the one line
// test:backends prints for it. Kept apart from the runner so its rules are tested on their own.

/**
 * @typedef {{ status: string }} Assertion
 * @typedef {{ status: string, message?: string, name: string, assertionResults: Assertion[] }} FileResult
 * @typedef {{ numPassedTests: number, numFailedTests: number, testResults: FileResult[] }} VitestJsonReport
 * @typedef {{ passed: number, failed: number, notes: string[] }} LaneCounts
 */

/**
 * Passed and failed counts of one lane. A lane is never counted as passing by accident:
 * a test file that failed without a failing test (its setup threw: the backend did not load)
 * counts as one failure, so does a non-zero vitest exit with no failure in the report
 * (an unhandled error), a missing report, and a lane that ran no test at all.
 * @param {VitestJsonReport | undefined} report
 * @param {number | null} exitCode
 * @returns {LaneCounts}
 */
export function laneCounts(report, exitCode) {
  if (!report) return { passed: 0, failed: 1, notes: [`vitest exited ${exitCode} without a JSON report`] };
  const notes = [];
  const passed = report.numPassedTests;
  let failed = report.numFailedTests;
  for (const file of report.testResults) {
    if (file.status === 'failed' && !file.assertionResults.some((a) => a.status === 'failed')) {
      failed += 1;
      notes.push(`${file.name}: ${(file.message ?? 'failed to run').split('\n')[0]}`);
    }
  }
  if (failed === 0 && exitCode !== 0) {
    failed = 1;
    notes.push(`vitest exited ${exitCode} although no test failed (an unhandled error?)`);
  }
  if (passed + failed === 0) {
    failed = 1;
    notes.push('no test ran');
  }
  return { passed, failed, notes };
}

/**
 * @param {string} name
 * @param {{ skipped: string } | LaneCounts} result
 */
export function laneLine(name, result) {
  return 'skipped' in result
    ? `backend ${name}: skipped: ${result.skipped}`
    : `backend ${name}: ${result.passed} passed, ${result.failed} failed`;
}

/**
 * Sums the lane lines found in a test log (what .ci/run adds to the main suite's counts).
 * @param {string} text
 */
export function sumLaneLines(text) {
  let passed = 0;
  let failed = 0;
  for (const m of text.matchAll(/^backend [a-z0-9-]+: (\d+) passed, (\d+) failed$/gm)) {
    passed += Number(m[1]);
    failed += Number(m[2]);
  }
  return { passed, failed };
}
