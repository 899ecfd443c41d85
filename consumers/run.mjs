#!/usr/bin/env node
/**
 * Consumer suite: the packed tarballs (`pnpm pack`) installed with npm into
 * fresh projects, as a user would, and used from every setup we support.
 * Prints one line per setup (`consumer <name>: passed|failed|skipped`), the
 * output of failures, and `N passed, M failed`. Exit code 1 on any failure.
 *
 * Needs the built packages (`pnpm build`) and the npm registry. One npm cache
 * (npm's default) is shared by all projects; the installs run concurrently
 * because they wait on the network, the checks two at a time (CI has 2 cores).
 *
 *   node consumers/run.mjs [--keep]   # --keep leaves the temp projects on disk
 */
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const root = fileURLToPath(new URL('..', import.meta.url));
const apps = join(root, 'consumers', 'apps');
const require = createRequire(import.meta.url);
const keep = process.argv.includes('--keep');
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** The tfjs versions the peer range claims, each in its own project. */
const TFJS_VERSIONS = ['4.22.0', '4.10.0', '4.0.0', '3.21.0'];
const PACKAGES = ['core', 'optimizers'];
/** Per-optimizer entry points and the class each exports (bundle-size check). */
const OPTIMIZER_ENTRIES = {
  'noisy-gradient-sgd': 'NoisyGradientSGD',
  'gradient-noise': 'GradientNoise',
  'symmetric-sgd': 'SymmetricSGD',
  'layerwise-perturbed-gd': 'LayerwisePerturbedGD',
  'alpha-stable-noise-sgd': 'AlphaStableNoiseSGD',
};

/** Runs a command, resolving to { code, out } with stdout and stderr interleaved. */
function sh(cmd, args, cwd, env = {}) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('error', (e) => resolve({ code: 127, out: out + String(e) }));
    child.on('close', (code) => resolve({ code: code ?? 1, out }));
  });
}

/** Throws with the command's output when it fails. */
async function must(cmd, args, cwd, env) {
  const r = await sh(cmd, args, cwd, env);
  if (r.code !== 0) throw new Error(`${cmd} ${args.join(' ')} exited ${r.code}\n${r.out}`);
  return r.out;
}

const results = [];
function report(name, status, detail = '') {
  results.push({ name, status });
  console.log(`consumer ${name}: ${status}${detail ? ` (${detail})` : ''}`);
}
/** Runs one check; an exception fails it and its message is printed under the line. */
async function check(name, fn) {
  try {
    const r = await fn();
    if (r && r.skipped) report(name, 'skipped', r.skipped);
    else report(name, 'passed', typeof r === 'string' ? r : '');
  } catch (e) {
    report(name, 'failed');
    console.log(String(e?.message ?? e).replace(/^/gm, '    '));
  }
}
/** Runs async jobs with at most `n` in flight. */
async function pool(n, jobs) {
  const queue = [...jobs];
  await Promise.all(Array.from({ length: n }, async () => {
    while (queue.length > 0) await queue.shift()();
  }));
}

const pnpm = process.env.npm_execpath?.includes('pnpm') ? [process.execPath, [process.env.npm_execpath]] : ['npx', ['-y', 'pnpm@10']];
const bin = (pkg, file) => join(root, 'node_modules', pkg, file);

async function main() {
  const started = Date.now();
  for (const p of PACKAGES) {
    if (!existsSync(join(root, 'packages', p, 'dist', 'index.js'))) throw new Error(`packages/${p}/dist missing: run "pnpm build" first`);
  }
  const tmp = mkdtempSync(join(tmpdir(), 'tfjs-noise-consumers-'));
  const tarDir = join(tmp, 'tarballs');
  mkdirSync(tarDir);
  try {
    for (const p of PACKAGES) await must(pnpm[0], [...pnpm[1], 'pack', '--pack-destination', tarDir], join(root, 'packages', p));
    const tarballs = readdirSync(tarDir).map((f) => join(tarDir, f));
    const tarballOf = (p) => tarballs.find((t) => t.includes(`tfjs-noise-${p}-`));

    // Static checks of what would be published.
    await check('publint', async () => {
      for (const t of tarballs) {
        const out = await must(process.execPath, [bin('publint', 'src/cli.js'), 'run', t, '--strict']);
        if (!/All good!/.test(out)) throw new Error(out);
      }
    });
    await check('attw', async () => {
      for (const t of tarballs) await must(process.execPath, [bin('@arethetypeswrong/cli', 'dist/index.js'), t, '--format', 'ascii']);
    });

    // One project per tfjs version, installed concurrently.
    const projects = {};
    const installs = await Promise.all(
      TFJS_VERSIONS.map(async (v) => {
        const dir = join(tmp, `tfjs-${v}`);
        mkdirSync(dir);
        const deps = { '@tensorflow/tfjs': v, '@tfjs-noise/core': `file:${tarballOf('core')}`, '@tfjs-noise/optimizers': `file:${tarballOf('optimizers')}` };
        if (v === TFJS_VERSIONS[0]) deps['@tensorflow/tfjs-backend-wasm'] = v; // the lean setup
        writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: `consumer-${v.replace(/\./g, '-')}`, private: true, dependencies: deps }, null, 2));
        for (const f of readdirSync(apps)) copyFileSync(join(apps, f), join(dir, f));
        copyFileSync(join(dir, 'types.ts'), join(dir, 'types.mts'));
        copyFileSync(join(dir, 'types.ts'), join(dir, 'types.cts'));
        const t = Date.now();
        const r = await sh('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error'], dir);
        projects[v] = { dir, ok: r.code === 0, out: r.out };
        return `${v} ${((Date.now() - t) / 1000).toFixed(0)} s`;
      }),
    );
    console.log(`consumers: installed ${installs.join(', ')}`);
    const inProject = (v, fn) => async () => {
      const p = projects[v];
      if (!p.ok) throw new Error(`npm install failed:\n${p.out}`);
      return fn(p.dir);
    };
    const node = (dir, ...args) => must(process.execPath, args, dir);
    const current = TFJS_VERSIONS[0];

    // Runs first: it saves the model the bundled consumers load.
    await check('esm', inProject(current, (d) => node(d, 'esm.mjs', 'artifacts.json').then((o) => o.trim())));
    const jobs = [
      () => check('cjs', inProject(current, (d) => node(d, 'cjs.cjs').then((o) => o.trim()))),
      ...['node16', 'bundler', 'node10'].map((m) => () => check(`ts-${m}`, inProject(current, (d) => typecheck(d, m)))),
      () => check('lean-wasm', inProject(current, (d) => node(d, 'lean.mjs').then((o) => o.trim()))),
      () => check('esbuild-node', inProject(current, (d) => esbuildNode(d))),
      () => check('esbuild-browser', inProject(current, (d) => browserBundles(d))),
      () => check('entry-sizes', inProject(current, (d) => entrySizes(d))),
      ...TFJS_VERSIONS.slice(1).map((v) => () =>
        check(`tfjs-${v}`, inProject(v, async (d) => {
          await node(d, 'esm.mjs');
          await node(d, 'cjs.cjs');
          return 'ESM and CJS fit + save/load';
        })),
      ),
    ];
    await pool(2, jobs);
  } finally {
    if (keep) console.log(`consumers: projects kept in ${tmp}`);
    // ~1.2 GB of node_modules: removing them took over a minute on a busy
    // disk, so a detached process does it after the suite has reported.
    else spawn('rm', ['-rf', tmp], { detached: true, stdio: 'ignore' }).unref();
  }
  const failed = results.filter((r) => r.status === 'failed').length;
  const passed = results.filter((r) => r.status === 'passed').length;
  console.log(`consumers: ${((Date.now() - started) / 1000).toFixed(0)} s`);
  console.log(`${passed} passed, ${failed} failed`);
  process.exitCode = failed > 0 ? 1 : 0;
}

/**
 * tsc over the consumer file with the project's own node_modules. tfjs's own
 * declarations do not compile under `strict` without skipLibCheck, so errors
 * inside @tensorflow/* are ignored; any other error (ours or the consumer's)
 * fails, and skipLibCheck stays off so an unresolved import in our .d.ts shows.
 */
async function typecheck(dir, mode) {
  const r = await sh(process.execPath, [bin('typescript', 'bin/tsc'), '-p', `tsconfig.${mode}.json`], dir);
  const ours = r.out.split('\n').filter((l) => /error TS\d+/.test(l) && !l.includes('node_modules/@tensorflow/'));
  if (ours.length > 0) throw new Error(ours.join('\n'));
  if (r.code !== 0 && !/error TS/.test(r.out)) throw new Error(r.out);
  return mode === 'node16' ? 'types.mts + types.cts' : 'types.ts';
}

const esbuild = () => require('esbuild');
/** esbuild's warnings fail a check: "Ignoring this import … no side effects" is the bug this guards. */
async function bundle(options) {
  const r = await esbuild().build({ bundle: true, minify: true, logLevel: 'silent', ...options });
  if (r.warnings.length > 0) throw new Error(r.warnings.map((w) => w.text).join('\n'));
  return r;
}

/** Our packages bundled (tfjs left to node_modules), registration-only imports, run in Node. */
async function esbuildNode(dir) {
  await bundle({ absWorkingDir: dir, entryPoints: ['bundleApp.mjs'], outfile: 'out/node.mjs', platform: 'node', format: 'esm', external: ['@tensorflow/*'] });
  const out = await must(process.execPath, ['out/node.mjs'], dir);
  const r = JSON.parse(out.trim().split('\n').pop());
  if (!r.ok) throw new Error(r.error);
  return `loaded ${r.value.optimizer} with ${r.value.layers.filter((l) => l !== 'Dense' && l !== 'Activation').join(', ')}`;
}

/** Full browser bundles (union tfjs; lean tfjs-core + gradients + cpu) run in headless Chromium. */
async function browserBundles(dir) {
  await bundle({ absWorkingDir: dir, entryPoints: ['bundleApp.mjs'], outfile: 'out/browser.js', platform: 'browser', format: 'iife' });
  await bundle({ absWorkingDir: dir, entryPoints: ['leanBundleApp.mjs'], outfile: 'out/lean.js', platform: 'browser', format: 'iife' });
  if (!existsSync(chromiumPath)) return { skipped: `bundled; no Chromium at ${chromiumPath} to run them` };
  const { chromium } = require('playwright-core');
  const browser = await chromium.launch({ executablePath: chromiumPath, args: ['--no-sandbox'] });
  try {
    const page = await browser.newPage();
    const seen = [];
    for (const f of ['out/browser.js', 'out/lean.js']) {
      await page.goto('about:blank');
      await page.addScriptTag({ path: join(dir, f) });
      const r = await page.evaluate(() => window.__consumer);
      if (!r.ok) throw new Error(`${f}: ${r.error}`);
      seen.push(f === 'out/lean.js' ? 'lean minimize' : `loaded ${r.value.optimizer}`);
    }
    return `Chromium: ${seen.join(', ')}`;
  } finally {
    await browser.close();
  }
}

/**
 * Minified size of an app that uses one optimizer, through its own entry point
 * and through the root barrel, with tfjs external; `own` also leaves
 * @tfjs-noise/core external (the optimizers package's code alone). Each class
 * registers itself, so the barrel keeps all five; an entry point must ship less.
 */
async function entrySizes(dir) {
  const size = async (name, code, external) => {
    const file = join(dir, `size-${name}.mjs`);
    writeFileSync(file, code);
    const r = await bundle({ absWorkingDir: dir, entryPoints: [file], write: false, platform: 'browser', format: 'esm', external });
    const bytes = r.outputFiles[0].contents;
    return { min: bytes.length, gz: gzipSync(bytes).length };
  };
  const kib = (n) => (n / 1024).toFixed(1);
  const measure = async (name, code) => {
    const withCore = await size(name, code, ['@tensorflow/*']);
    const own = await size(name, code, ['@tensorflow/*', '@tfjs-noise/core']);
    return { withCore, own, text: `${name} ${kib(withCore.min)}/${kib(withCore.gz)} (own ${kib(own.min)})` };
  };
  const all = await measure('root', `export * from '@tfjs-noise/optimizers';`);
  const parts = [all.text];
  for (const [entry, cls] of Object.entries(OPTIMIZER_ENTRIES)) {
    const one = await measure(entry, `export { ${cls} } from '@tfjs-noise/optimizers/${entry}';`);
    for (const k of ['withCore', 'own']) {
      if (one[k].min >= all[k].min) throw new Error(`${entry}: ${one[k].min} B (${k}), not smaller than the root entry's ${all[k].min} B`);
    }
    parts.push(one.text);
  }
  return `KiB minified/gzip with core bundled, tfjs external: ${parts.join(', ')}`;
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
