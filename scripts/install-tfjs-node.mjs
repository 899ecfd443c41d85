#!/usr/bin/env node
// Makes `@tensorflow/tfjs-node` (the native `tensorflow` backend) loadable without its download
// host. The package's own install script fetches libtensorflow 2.9.1 from a host these machines
// cannot reach (and pnpm skips that script anyway), so this route takes the TensorFlow C library
// out of the `tensorflow-cpu` wheel (the wheel index pip reaches), stages it where the package
// expects it (`deps/`) and builds the N-API addon from source against the installed Node headers.
//
// Idempotent and cached: the wheel, the extracted libraries/headers and the built addon live in
// ${TFJS_NODE_CACHE:-${XDG_CACHE_HOME:-~/.cache}/tfjs-noise/tfjs-node}, so a fresh clone only
// re-links them (seconds). Quiet: one line on stdout; details go to the log file it names.
// Where the route cannot work (no pip, no compiler, no Node headers, not linux-x64), it says why,
// records it in the status file and exits 0, so the `tensorflow` lane is skipped with that reason.
import { spawnSync } from 'node:child_process';
import { appendFileSync, copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const TF_WHEEL = 'tensorflow-cpu==2.21.0';
const TFJS_NODE_VERSION = '4.22.0';
// The library version tfjs-node 4.22 was built for; its packaging names the library after it.
const LIBTENSORFLOW_NAME_VERSION = '2.9.1';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const stateDir = join(root, 'node_modules', '.tfjs-node-route');
const logFile = join(stateDir, 'install.log');
const statusFile = join(stateDir, 'status.json');
const cache = process.env.TFJS_NODE_CACHE ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'tfjs-noise', 'tfjs-node');
const t0 = Date.now();

function log(line) {
  appendFileSync(logFile, `[${new Date().toISOString()}] ${line}\n`);
}

/** Runs a command with its output going to the log; throws with the log's path on failure. */
function run(cmd, args, opts = {}) {
  const shown = args.map((a) => (a.includes('\n') ? '<script>' : a)).join(' ');
  log(`$ ${cmd} ${shown}${opts.cwd ? `   (in ${opts.cwd})` : ''}`);
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 64 * 2 ** 20, ...opts });
  appendFileSync(logFile, (r.stdout ?? '') + (r.stderr ?? ''));
  if (r.error) throw new Error(`${cmd} could not run: ${r.error.message}`);
  if (r.status !== 0) throw new Error(`${cmd} ${args[0] ?? ''} exited with ${r.status}; see ${relative(root, logFile)}`);
  return r.stdout;
}

function finish(status, line) {
  writeFileSync(statusFile, JSON.stringify({ ...status, at: new Date().toISOString() }, null, 2) + '\n');
  console.log(`tfjs-node: ${line}`);
  process.exit(0);
}

function skip(reason) {
  log(`skipped: ${reason}`);
  finish({ ok: false, reason }, `skipped: ${reason} (the tensorflow backend lane will be skipped)`);
}

/** Loads tfjs-node in a child process and checks the `tensorflow` backend becomes active. */
function loadable() {
  const probe = `const tf = require('@tensorflow/tfjs-node');
    tf.setBackend('tensorflow').then((ok) => { if (!ok || tf.getBackend() !== 'tensorflow') { console.error('backend is ' + tf.getBackend()); process.exit(3); } });`;
  const r = spawnSync(process.execPath, ['-e', probe], { cwd: root, encoding: 'utf8', env: { ...process.env, TF_CPP_MIN_LOG_LEVEL: '2' } });
  if (r.status === 0) return { ok: true };
  const first = (r.stderr || r.stdout || '').split('\n').find((l) => /^\w*Error:/.test(l)) ?? `exit ${r.status}`;
  return { ok: false, why: first.trim() };
}

function which(cmd) {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' }).status === 0;
}

mkdirSync(stateDir, { recursive: true });
writeFileSync(logFile, '');
log(`install-tfjs-node: root ${root}, cache ${cache}`);

let pkgJson;
try {
  pkgJson = createRequire(join(root, 'package.json')).resolve('@tensorflow/tfjs-node/package.json');
} catch {
  skip('@tensorflow/tfjs-node is not in node_modules (run `npx -y pnpm@10 install` first)');
}
const pkgDir = dirname(pkgJson);
const version = JSON.parse(readFileSync(pkgJson, 'utf8')).version;
if (version !== TFJS_NODE_VERSION) skip(`@tensorflow/tfjs-node is ${version}; this route is made for ${TFJS_NODE_VERSION}`);

const before = loadable();
if (before.ok) finish({ ok: true, how: 'already loadable' }, `ready (already loadable; ${relative(root, pkgDir)})`);
log(`not loadable yet: ${before.why}`);

// What the route needs, checked where it is needed (a cached wheel needs no pip, a cached addon no
// compiler). Each missing piece is a reason the lane is skipped, never a silent pass.
if (process.platform !== 'linux' || process.arch !== 'x64') {
  skip(`this route stages the linux-x64 TensorFlow wheel; on ${process.platform}-${process.arch} run \`npm install @tensorflow/tfjs-node\` where its download host is reachable`);
}
const nodePrefix = resolve(dirname(process.execPath), '..');
const npmNodeGyp = join(nodePrefix, 'lib', 'node_modules', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js');
function needPython() {
  if (!which('python3')) skip('no python3 (pip, the wheel extraction and node-gyp need it)');
}
function needPip() {
  needPython();
  if (spawnSync('python3', ['-m', 'pip', '--version']).status !== 0) skip('no pip for python3 (python3 -m pip failed)');
}
function needBuildTools() {
  needPython();
  if (!existsSync(join(nodePrefix, 'include', 'node', 'node_api.h'))) {
    skip(`no Node headers at ${join(nodePrefix, 'include', 'node')} (node-gyp would try to download them)`);
  }
  if (!which('c++') && !which('g++')) skip('no C++ compiler (c++/g++) on PATH');
  if (!which('make')) skip('no make on PATH');
}

try {
  // 1. The TensorFlow C library and headers, extracted once into the cache.
  const tfDir = join(cache, 'tensorflow-cpu-2.21.0');
  const libDir = join(tfDir, 'lib');
  const incDir = join(tfDir, 'include');
  const extractedMark = join(tfDir, '.extracted');
  if (!existsSync(extractedMark)) {
    const wheelDir = join(cache, 'wheels');
    mkdirSync(wheelDir, { recursive: true });
    let wheel = readdirSync(wheelDir).find((f) => f.startsWith('tensorflow_cpu-2.21.0-') && f.endsWith('.whl'));
    if (!wheel) {
      needPip();
      // The libraries do not link libpython, so any cp3xx wheel for this platform will do;
      // pin the tags so pip picks it whatever the local Python is.
      run('python3', ['-m', 'pip', 'download', '--quiet', '--no-deps', '--only-binary=:all:', '--python-version', '3.11',
        '--platform', 'manylinux_2_27_x86_64', '-d', wheelDir, TF_WHEEL]);
      wheel = readdirSync(wheelDir).find((f) => f.startsWith('tensorflow_cpu-2.21.0-') && f.endsWith('.whl'));
      if (!wheel) throw new Error(`pip download ${TF_WHEEL} left no wheel in ${wheelDir}`);
    }
    needPython();
    rmSync(tfDir, { recursive: true, force: true });
    // zipfile instead of `unzip`, which a fresh machine may lack; only the C API headers are needed.
    const extract = `
import sys, zipfile, os, shutil
whl, lib, inc = sys.argv[1:4]
keep_inc = ('tensorflow/c/', 'xla/tsl/c/', 'tensorflow/compiler/xla/tsl/c/', 'tsl/platform/ctstring',
            'tensorflow/tsl/platform/ctstring', 'tensorflow/core/platform/ctstring')
with zipfile.ZipFile(whl) as z:
    for i in z.infolist():
        n = i.filename
        if i.is_dir(): continue
        if n in ('tensorflow/libtensorflow_cc.so.2', 'tensorflow/libtensorflow_framework.so.2'):
            dest = os.path.join(lib, os.path.basename(n))
        elif n.startswith('tensorflow/include/') and n[len('tensorflow/include/'):].startswith(keep_inc):
            dest = os.path.join(inc, n[len('tensorflow/include/'):])
        else:
            continue
        os.makedirs(os.path.dirname(dest), exist_ok=True)
        with z.open(i) as src, open(dest, 'wb') as out: shutil.copyfileobj(src, out, 1 << 22)
`;
    run('python3', ['-c', extract, join(wheelDir, wheel), libDir, incDir]);
    for (const f of ['libtensorflow_cc.so.2', 'libtensorflow_framework.so.2']) {
      if (!existsSync(join(libDir, f))) throw new Error(`${wheel} has no tensorflow/${f}`);
    }
    writeFileSync(extractedMark, `${wheel}\n`);
  }

  // 2. deps/ as the package expects it: its binding.gyp links -ltensorflow -ltensorflow_framework
  //    from deps/lib with rpath $ORIGIN/../../deps/lib; its scripts name libtensorflow.so.2.9.1.
  //    The real files stay in the cache (about 800 MiB); deps/ holds links to them.
  const deps = join(pkgDir, 'deps');
  rmSync(deps, { recursive: true, force: true });
  mkdirSync(join(deps, 'lib'), { recursive: true });
  const links = {
    'libtensorflow_cc.so.2': join(libDir, 'libtensorflow_cc.so.2'),
    'libtensorflow_framework.so.2': join(libDir, 'libtensorflow_framework.so.2'),
    'libtensorflow.so': 'libtensorflow_cc.so.2',
    'libtensorflow.so.2': 'libtensorflow_cc.so.2',
    [`libtensorflow.so.${LIBTENSORFLOW_NAME_VERSION}`]: 'libtensorflow_cc.so.2',
    'libtensorflow_framework.so': 'libtensorflow_framework.so.2',
    [`libtensorflow_framework.so.${LIBTENSORFLOW_NAME_VERSION}`]: 'libtensorflow_framework.so.2',
  };
  for (const [name, target] of Object.entries(links)) symlinkSync(target, join(deps, 'lib', name));
  symlinkSync(incDir, join(deps, 'include'));
  log(`staged ${deps}`);

  // 3. The addon: reuse the cached build (N-API, so it does not depend on the Node version), else
  //    build it with node-pre-gyp against the installed Node headers (nothing is downloaded).
  const napi = Math.min(8, Number(process.versions.napi)); // the highest of the package's napi_versions [3..8]
  const rel = join('lib', `napi-v${napi}`, 'tfjs_binding.node');
  const cachedAddon = join(cache, 'addon', `tfjs-node-${TFJS_NODE_VERSION}-tf-2.21.0-napi-v${napi}`, 'tfjs_binding.node');
  let how = 'linked the cached build';
  if (existsSync(cachedAddon)) {
    mkdirSync(dirname(join(pkgDir, rel)), { recursive: true });
    copyFileSync(cachedAddon, join(pkgDir, rel));
  }
  if (!existsSync(cachedAddon) || !loadable().ok) {
    how = 'built from source';
    needBuildTools();
    const preGyp = createRequire(pkgJson).resolve('@mapbox/node-pre-gyp/bin/node-pre-gyp');
    const env = { ...process.env, ...(existsSync(npmNodeGyp) ? { npm_config_node_gyp: npmNodeGyp } : {}) };
    run(process.execPath, [preGyp, 'install', '--build-from-source', `--nodedir=${nodePrefix}`], { cwd: pkgDir, env });
    if (!existsSync(join(pkgDir, rel))) throw new Error(`node-pre-gyp built no ${rel}`);
    mkdirSync(dirname(cachedAddon), { recursive: true });
    copyFileSync(join(pkgDir, rel), cachedAddon);
  }

  const after = loadable();
  if (!after.ok) throw new Error(`still not loadable: ${after.why}`);
  const secs = ((Date.now() - t0) / 1000).toFixed(0);
  log(`ok: ${how} in ${secs} s`);
  finish({ ok: true, how }, `ready (${how} against the ${TF_WHEEL} wheel in ${secs} s; log: ${relative(root, logFile)})`);
} catch (e) {
  skip(`install route failed: ${e.message.split('\n')[0]}`);
}
