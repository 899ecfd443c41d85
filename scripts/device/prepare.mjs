#!/usr/bin/env node
// Prepares .device/ for the real-GPU check (scripts/device/run.sh) on a machine that has a GPU but
// no Node, no node_modules and no network: an xz copy of this machine's node binary, the `webgpu`
// (Dawn) package's loader and its linux-x64 dawn.node (xz), and ONE esbuild bundle,
// .device/gpu-check.mjs (tfjs-core + webgpu backend + layers + @tfjs-noise/core and optimizers from
// source, scripts/device/gpuCheck.ts). Prints the sizes; fails if .device/ reaches 50 MB.
// Try it here on SwiftShader: LD_LIBRARY_PATH=/usr/lib/chromium
//   VK_ICD_FILENAMES=/usr/lib/chromium/vk_swiftshader_icd.json node .device/gpu-check.mjs out.md
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const out = join(root, '.device');
const require = createRequire(join(root, 'package.json'));
const LIMIT = 50 * 1024 * 1024;

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

// Node: the same binary that runs here (x86-64 Linux, glibc); xz -9 keeps it near 24 MB.
execFileSync('sh', ['-c', `xz -9 -T0 -c "${process.execPath}" > "${join(out, 'node.xz')}"`]);

// The webgpu package: its ESM loader (node builtins only) and the linux-x64 Dawn binding, beside
// the bundle as node_modules/webgpu so the bundle's `import 'webgpu'` resolves there.
const webgpuDir = dirname(require.resolve('webgpu/package.json'));
const dawn = join(webgpuDir, 'dist', 'linux-x64', 'dawn.node');
const pkgOut = join(out, 'node_modules', 'webgpu');
mkdirSync(join(pkgOut, 'dist', 'linux-x64'), { recursive: true });
copyFileSync(join(webgpuDir, 'index.js'), join(pkgOut, 'index.js'));
writeFileSync(join(pkgOut, 'package.json'), JSON.stringify({ name: 'webgpu', type: 'module', main: 'index.js' }) + '\n');
execFileSync('sh', ['-c', `xz -9 -T0 -c "${dawn}" > "${join(pkgOut, 'dist', 'linux-x64', 'dawn.node.xz')}"`]);

/** One self-contained ES module for Node 20 from a TypeScript entry, with Dawn (`webgpu`) left outside. */
const bundle = (entry, outfile) =>
  build({
    entryPoints: [join(root, 'scripts', 'device', entry)],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outfile: join(out, outfile),
    // tfjs-node is never used on the GPU machine; bench:speed only names it in an import it may try.
    external: ['webgpu', '@tensorflow/tfjs-node', '@tensorflow/tfjs-node-gpu'],
    // One copy of tfjs-core: every @tensorflow package and our sources from their ES modules.
    mainFields: ['module', 'main'],
    alias: Object.fromEntries(['core', 'optimizers', 'examples'].map((p) => [`@tfjs-noise/${p}`, join(root, 'packages', p, 'src', 'index.ts')])),
    // tfjs-core's Node platform loads node-fetch lazily, only to fetch URLs; nothing here does.
    // A require() inside an ES module bundle needs a real require function.
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
    logLevel: 'error',
  });

await bundle('gpuCheck.ts', 'gpu-check.mjs');
// The whole bench:speed on webgpu (all optimizers, draws, leak check), the same code as here.
await bundle('speedEntry.ts', 'speed.mjs');
// bench:speed's backend selection imports the backend package by name at run time: this stub makes
// that import resolve; the backend itself is the copy bundled into speed.mjs.
const stub = join(out, 'node_modules', '@tensorflow', 'tfjs-backend-webgpu');
mkdirSync(stub, { recursive: true });
writeFileSync(join(stub, 'package.json'), JSON.stringify({ name: '@tensorflow/tfjs-backend-webgpu', type: 'module', main: 'index.js' }) + '\n');
writeFileSync(join(stub, 'index.js'), '// the real backend is bundled into speed.mjs\n');

const sizeOf = (p) => (statSync(p).isDirectory() ? readdirSync(p).reduce((s, f) => s + sizeOf(join(p, f)), 0) : statSync(p).size);
const mb = (b) => (b / 1024 / 1024).toFixed(1) + ' MB';
for (const f of ['node.xz', 'node_modules/webgpu/dist/linux-x64/dawn.node.xz', 'gpu-check.mjs', 'speed.mjs']) console.log(`.device/${f}: ${mb(sizeOf(join(out, f)))}`);
const total = sizeOf(out);
console.log(`.device/ total: ${mb(total)} (limit ${mb(LIMIT)})`);
if (total >= LIMIT) {
  console.error('prepare: .device/ is over its 50 MB budget');
  process.exit(1);
}
