#!/usr/bin/env node
/**
 * Builds every package and prints nothing unless the build fails (then the
 * whole build log and its exit code), so the main job's first line is its own.
 */
import { spawnSync } from 'node:child_process';

const pnpm = process.env.npm_execpath?.includes('pnpm') ? [process.execPath, process.env.npm_execpath] : ['npx', '-y', 'pnpm@10'];
const r = spawnSync(pnpm[0], [...pnpm.slice(1), 'run', 'build'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
if (r.status !== 0) {
  process.stderr.write(`${r.stdout ?? ''}${r.stderr ?? ''}${r.error ? String(r.error) : ''}\nbuild failed (exit ${r.status})\n`);
  process.exit(r.status ?? 1);
}
