#!/usr/bin/env node
// The backend matrix: runs the cross-backend suite (test/backends/) once per lane and prints one
// line per lane, `backend <name>: N passed, M failed` or `backend <name>: skipped: <reason>`.
// Vitest's own output goes to out/test-backends/<lane>.log and is printed only for a failed lane.
// Exits non-zero when any lane failed. `node scripts/test-backends.mjs wasm tensorflow` runs only
// those lanes.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, openSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { laneCounts, laneLine } from './laneResult.mjs';
import { chromiumPath } from './chromium.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const outDir = join(root, 'out', 'test-backends');
const vitestBin = join(root, 'node_modules', 'vitest', 'vitest.mjs');
const require = createRequire(join(root, 'package.json'));

// Chromium's SwiftShader Vulkan driver: Debian 12's own lavapipe is too old for Dawn (PLATFORM.md).
const chromiumLib = process.env.TFJS_NOISE_VULKAN_LIB_DIR ?? '/usr/lib/chromium';
const vulkanIcd = process.env.TFJS_NOISE_VULKAN_ICD ?? join(chromiumLib, 'vk_swiftshader_icd.json');

/** @typedef {{ name: string, config: string, env?: Record<string, string>, unavailable?: () => string | undefined }} Lane */

function resolvable(pkg) {
  try {
    require.resolve(`${pkg}/package.json`);
    return true;
  } catch {
    return false;
  }
}

function tensorflowUnavailable() {
  if (!resolvable('@tensorflow/tfjs-node')) return '@tensorflow/tfjs-node is not installed (npx -y pnpm@10 install)';
  const probe = spawnSync(process.execPath, ['-e', "require('@tensorflow/tfjs-node')"], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, TF_CPP_MIN_LOG_LEVEL: '2' },
  });
  if (probe.status === 0) return undefined;
  // The install route records why it could not build the addon; say that rather than the load error.
  const status = join(root, 'node_modules', '.tfjs-node-route', 'status.json');
  if (existsSync(status)) {
    const s = JSON.parse(readFileSync(status, 'utf8'));
    if (!s.ok) return s.reason;
  }
  const why = (probe.stderr.split('\n').find((l) => /^\w*Error:/.test(l)) ?? `exit ${probe.status}`).trim();
  return `@tensorflow/tfjs-node does not load (${why}); run node scripts/install-tfjs-node.mjs`;
}

function webgpuNodeUnavailable() {
  if (!resolvable('webgpu')) return 'the `webgpu` (Dawn) package is not installed';
  if (!resolvable('@tensorflow/tfjs-backend-webgpu')) return '@tensorflow/tfjs-backend-webgpu is not installed';
  if (!existsSync(vulkanIcd)) return `no Vulkan driver for Dawn: ${vulkanIcd} is missing (apt-get install chromium)`;
  return undefined;
}

function browserUnavailable() {
  if (!existsSync(join(root, 'vitest.browser.config.ts'))) return 'vitest.browser.config.ts not present';
  if (!existsSync(chromiumPath)) {
    return `no Chromium at ${chromiumPath} (as root: apt-get install -y chromium, or bash scripts/ci-prereqs.sh; or set CHROMIUM_PATH)`;
  }
  return undefined;
}

/** @type {Lane[]} in the order they are reported */
const LANES = [
  { name: 'cpu', config: 'vitest.backends.config.ts' },
  { name: 'wasm', config: 'vitest.backends.config.ts' },
  { name: 'tensorflow', config: 'vitest.backends.config.ts', env: { TF_CPP_MIN_LOG_LEVEL: '2' }, unavailable: tensorflowUnavailable },
  { name: 'webgl', config: 'vitest.browser.config.ts', unavailable: browserUnavailable },
  { name: 'webgl-f16', config: 'vitest.browser.config.ts', unavailable: browserUnavailable },
  { name: 'webgpu', config: 'vitest.browser.config.ts', unavailable: browserUnavailable },
  {
    name: 'webgpu-node',
    config: 'vitest.backends.config.ts',
    env: {
      LD_LIBRARY_PATH: [chromiumLib, process.env.LD_LIBRARY_PATH].filter(Boolean).join(':'),
      VK_ICD_FILENAMES: vulkanIcd,
    },
    unavailable: webgpuNodeUnavailable,
  },
];

/** Runs vitest for one lane with its output in a log file; resolves to the lane's counts. */
function runLane(lane) {
  const log = join(outDir, `${lane.name}.log`);
  const json = join(outDir, `${lane.name}.json`);
  rmSync(json, { force: true });
  const fd = openSync(log, 'w');
  const args = [vitestBin, 'run', '--config', lane.config, '--reporter=default', '--reporter=json', `--outputFile.json=${json}`];
  const child = spawn(process.execPath, args, {
    cwd: root,
    stdio: ['ignore', fd, fd],
    env: { ...process.env, NO_COLOR: '1', ...lane.env, TFJS_BACKEND: lane.name },
  });
  return new Promise((done) => {
    child.on('close', (code) => {
      const report = existsSync(json) ? JSON.parse(readFileSync(json, 'utf8')) : undefined;
      done({ ...laneCounts(report, code), log });
    });
  });
}

const wanted = process.argv.slice(2);
for (const w of wanted) {
  if (!LANES.some((l) => l.name === w)) {
    console.error(`test-backends: unknown lane ${JSON.stringify(w)}; lanes are ${LANES.map((l) => l.name).join(', ')}.`);
    process.exit(2);
  }
}
mkdirSync(outDir, { recursive: true });
let anyFailed = false;
for (const lane of LANES) {
  if (wanted.length && !wanted.includes(lane.name)) continue;
  const reason = lane.unavailable?.();
  if (reason) {
    console.log(laneLine(lane.name, { skipped: reason }));
    continue;
  }
  const result = await runLane(lane);
  console.log(laneLine(lane.name, result));
  if (result.failed > 0) {
    anyFailed = true;
    for (const note of result.notes) console.log(`  ${note}`);
    // Each log line carries the lane's name in front, so a summary line inside the log is never
    // mistaken for the main suite's by .ci/run (scripts/ciTotals.mjs).
    console.log(`${lane.name}| --- ${relative(root, result.log)} ---`);
    for (const line of readFileSync(result.log, 'utf8').trimEnd().split('\n')) console.log(`${lane.name}| ${line}`);
  }
}
process.exit(anyFailed ? 1 : 0);
