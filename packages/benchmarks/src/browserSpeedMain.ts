// bench:speed:browser: the speed benchmark in Debian's headless Chromium on webgl and
// webgpu (SwiftShader). Bundles browserSpeedPage.ts with esbuild, serves it from
// 127.0.0.1, drives one fresh page per backend with playwright-core and writes
// results/speed-browser.{md,json}. Nothing is downloaded: playwright-core ships no browser.
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';
import { browserSpeedMarkdown, type BrowserSpeedRow } from './browserSpeedReport';
import { chromiumArgs, chromiumPath } from '../../../scripts/chromium.mjs';
import { machineLine } from './machine';

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean' },
    out: { type: 'string' },
    backends: { type: 'string' },
    rounds: { type: 'string' },
    chromium: { type: 'string' },
    only: { type: 'string' },
  },
});
const quick = values.quick ?? false;
const out = resolve(values.out ?? 'packages/benchmarks/results');
const backends = (values.backends ?? 'webgl,webgpu').split(',');
const executablePath = values.chromium ?? chromiumPath;
// ';'-separated: optimizer names contain commas.
const only = values.only ? values.only.split(';') : [];
const options = { batchSize: 128, hidden: [256, 256], rounds: values.rounds ? Number(values.rounds) : quick ? 2 : 7, steps: quick ? 1 : 3, only };

const args = chromiumArgs();

const here = dirname(fileURLToPath(import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'tfjs-noise-browser-speed-'));
await build({
  entryPoints: [join(here, '../src/browserSpeedPage.ts')],
  bundle: true,
  format: 'esm',
  platform: 'browser',
  target: 'chrome120',
  outfile: join(dir, 'page.js'),
  logLevel: 'warning',
});
const files: Record<string, [string, string]> = {
  '/': ['text/html', '<!doctype html><meta charset="utf-8"><title>tfjs-noise speed</title><script type="module" src="/page.js"></script>'],
  '/page.js': ['text/javascript', readFileSync(join(dir, 'page.js'), 'utf8')],
};
const server = createServer((req, res) => {
  const file = files[new URL(req.url ?? '/', 'http://127.0.0.1').pathname];
  res.writeHead(file ? 200 : 404, { 'content-type': file?.[0] ?? 'text/plain' }).end(file?.[1] ?? 'not found');
});
await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
const port = (server.address() as { port: number }).port;

const browser = await chromium.launch({ executablePath, args, headless: true });
const rows: BrowserSpeedRow[] = [];
const notes: string[] = [];
try {
  for (const backend of backends) {
    // A fresh page per backend: each keeps its own tfjs engine and GPU context.
    const page = await browser.newPage();
    page.on('console', (m) => console.log(`[${backend}] ${m.text()}`));
    await page.goto(`http://127.0.0.1:${port}/`);
    await page.waitForFunction(() => 'tfjsNoiseBench' in globalThis);
    const t0 = Date.now();
    try {
      const r = await page.evaluate(
        ([b, o]) => (globalThis as unknown as { tfjsNoiseBench: { run: (b: string, o: unknown) => Promise<BrowserSpeedRow[]> } }).tfjsNoiseBench.run(b, o),
        [backend, options] as const,
      );
      rows.push(...r);
      console.log(`${backend}: ${((Date.now() - t0) / 1000).toFixed(0)} s`);
    } catch (e) {
      notes.push(`${backend}: not measured: ${(e as Error).message.split('\n')[0]}`);
      console.error(notes.at(-1));
    }
    await page.close();
  }
  const version = browser.version();
  const meta =
    machineLine(backends.join(', ')).replace(/; backend .*$/, '') +
    `; Chromium ${version} headless, SwiftShader; backends ${backends.join(', ')}; batch ${options.batchSize}, ${options.rounds} rounds × ${options.steps} steps.` +
    (only.length ? ` Only optimizers matching ${only.map((w) => JSON.stringify(w)).join(', ')} (and the sgd/adam baselines).` : '') +
    (quick ? ' Quick run: smoke only.' : '');
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, 'speed-browser.json'), JSON.stringify({ meta, quick, options, rows, notes }, null, 2));
  const md = browserSpeedMarkdown(rows, meta, notes);
  writeFileSync(join(out, 'speed-browser.md'), md);
  console.log(md);
  console.log(`Wrote ${join(out, 'speed-browser.json')} and speed-browser.md`);
  if (notes.length) process.exitCode = 1;
} finally {
  await browser.close();
  server.close();
}
