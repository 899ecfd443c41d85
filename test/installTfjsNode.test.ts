import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';

// The route's contract where it cannot work: one line saying why, exit 0, and the reason recorded
// where test:backends reads it (so the tensorflow lane is skipped with it, never silently).
it('install-tfjs-node without the package installed: says why, exits 0, records the reason', () => {
  const root = mkdtempSync(join(tmpdir(), 'tfjs-node-route-'));
  mkdirSync(join(root, 'scripts'));
  copyFileSync('scripts/install-tfjs-node.mjs', join(root, 'scripts', 'install-tfjs-node.mjs'));
  writeFileSync(join(root, 'package.json'), '{"private": true}\n');
  const r = spawnSync(process.execPath, [join(root, 'scripts', 'install-tfjs-node.mjs')], {
    encoding: 'utf8',
    env: { ...process.env, TFJS_NODE_CACHE: join(root, 'cache') },
  });
  expect(r.status).toBe(0);
  const reason = '@tensorflow/tfjs-node is not in node_modules (run `npx -y pnpm@10 install` first)';
  expect(r.stdout).toBe(`tfjs-node: skipped: ${reason} (the tensorflow backend lane will be skipped)\n`);
  const status = JSON.parse(readFileSync(join(root, 'node_modules', '.tfjs-node-route', 'status.json'), 'utf8'));
  expect(status).toMatchObject({ ok: false, reason });
  expect(readFileSync(join(root, 'node_modules', '.tfjs-node-route', 'install.log'), 'utf8')).toContain(`skipped: ${reason}`);
});
