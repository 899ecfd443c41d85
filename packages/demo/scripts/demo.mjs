#!/usr/bin/env node
// @ts-check
// `npx -y pnpm@10 demo`: builds the packages the demo uses and the page, quietly
// (the build log is shown only when it fails), then serves dist/ on 127.0.0.1
// and prints the URL. Usage: node scripts/demo.mjs [--port N] (default 5199; 0 = any free port).
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { serveStatic } from './serve.mjs';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const dist = fileURLToPath(new URL('../dist', import.meta.url));
const i = process.argv.indexOf('--port');
const port = Number(i >= 0 ? process.argv[i + 1] : '5199');
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`--port is ${JSON.stringify(process.argv[i + 1])}; it must be a whole number from 0 to 65535.`);
  process.exit(2);
}

// Under `pnpm demo`, npm_execpath is pnpm itself; run directly, fall back to npx.
const pnpm = process.env.npm_execpath?.includes('pnpm')
  ? [process.execPath, process.env.npm_execpath]
  : ['npx', '-y', 'pnpm@10'];
// The page is not part of the root `build` (which every example and benchmark command runs):
// build the packages it uses, then the page.
const steps = [
  ['--filter', '@tfjs-noise/demo^...', 'run', 'build'],
  ['--filter', '@tfjs-noise/demo', 'run', 'build:page'],
];
process.stdout.write('Building the demo… ');
const started = Date.now();
for (const step of steps) {
  const log = await new Promise((done) => {
    const child = spawn(/** @type {string} */ (pnpm[0]), [...pnpm.slice(1), ...step], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('error', (e) => done({ code: 1, out: `${out}\n${e.message}` }));
    child.on('close', (code) => done({ code, out }));
  });
  if (log.code !== 0) {
    console.log('failed:\n');
    console.error(log.out);
    process.exit(1);
  }
}
console.log(`done in ${((Date.now() - started) / 1000).toFixed(0)} s.`);
try {
  const { url } = await serveStatic({ dir: dist, port });
  console.log(`tfjs-noise demo: ${url}  (static files in packages/demo/dist/; Ctrl+C to stop)`);
} catch (e) {
  console.error(`Cannot listen on 127.0.0.1:${port}: ${/** @type {Error} */ (e).message}. Pass --port N (0 picks a free port).`);
  process.exit(1);
}
