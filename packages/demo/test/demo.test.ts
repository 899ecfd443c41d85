import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { chromiumArgs, chromiumPath } from '../../../scripts/chromium.mjs';
import { serveStatic } from '../scripts/serve.mjs';

const DEMO = fileURLToPath(new URL('..', import.meta.url));
const CHROMIUM = chromiumPath;
const OPTIMIZER_IDS = ['sgd', 'noisy', 'symmetric-two-point', 'symmetric-alternating', 'layerwise', 'alpha-stable'];
const WASM_STEPS = 20;
const RESUME_STEPS = 5;

/** Newest modification time under `path` (a file or a folder). */
function newest(path: string): number {
  const s = statSync(path);
  if (!s.isDirectory()) return s.mtimeMs;
  return Math.max(s.mtimeMs, ...readdirSync(path).map((f) => newest(join(path, f))));
}

/**
 * The page is not in the root `build` (every example command runs that); it is (re)built here when
 * missing or older than its sources. The packages it imports must be built (the root `test` does that first).
 */
function ensureBuilt(): void {
  const built = join(DEMO, 'dist', 'index.html');
  // The page bundles the library: a rebuilt core, optimizers or examples makes it stale too.
  const sources = ['src', 'index.html', 'vite.config.ts', '../core/dist', '../optimizers/dist', '../examples/dist'].map((p) => newest(join(DEMO, p)));
  if (existsSync(built) && statSync(built).mtimeMs >= Math.max(...sources)) return;
  const vite = join(dirname(createRequire(join(DEMO, 'package.json')).resolve('vite/package.json')), 'bin', 'vite.js');
  execFileSync(process.execPath, [vite, 'build', '--logLevel', 'warn'], { cwd: DEMO, stdio: 'inherit' });
}

const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) console.log(`demo.test.ts: skipped, no Chromium at ${CHROMIUM} (install Debian's chromium or set CHROMIUM_PATH).`);

describe('browser demo (headless Chromium)', () => {
  // A (re)build takes about a minute on 2 cores; it gets its own time limit, apart from the browser checks.
  beforeAll(() => {
    if (hasChromium) ensureBuilt();
  }, 300_000);

  it.skipIf(!hasChromium)(
    `trains on webgl and wasm, draws curves, fills the table, saves to IndexedDB, reloads and continues${hasChromium ? '' : ` [skipped: no Chromium at ${CHROMIUM}]`}`,
    async () => {
      const { chromium } = await import('playwright-core');
      const server = await serveStatic({ dir: join(DEMO, 'dist') });
      const origin = new URL(server.url).origin;
      const browser = await chromium.launch({ executablePath: CHROMIUM, args: chromiumArgs() });
      const problems: string[] = [];
      try {
        const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
        page.on('console', (m) => {
          if (m.type() === 'error') problems.push(`console error: ${m.text()}`);
        });
        page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
        page.on('response', (r) => {
          if (r.status() >= 400) problems.push(`HTTP ${r.status()} for ${r.url()}`);
        });
        page.on('request', (r) => {
          const u = r.url();
          if (!u.startsWith(origin) && !u.startsWith('data:') && !u.startsWith('blob:')) problems.push(`request off the page's origin: ${u}`);
        });
        await page.goto(server.url);
        await page.waitForSelector('#status[data-state="ready"]', { timeout: 30_000 });
        expect(await page.textContent('#status')).toMatch(/^8,000 training and 2,000 test digits loaded; best backend here: \w+\.$/);

        await page.fill('#batch', '32');
        const points = (id: string) => page.getAttribute(`#${id}`, 'data-points').then(Number);
        const rows = page.locator('#results tbody tr');

        // webgl: two optimizers one after another, a few steps. wasm (fast on a CPU): all six
        // interleaved, enough steps for a readable screenshot.
        const passes = [
          { backend: 'webgl', order: 'sequential', optimizers: ['sgd', 'noisy'], steps: 8, evalEvery: 4 },
          { backend: 'wasm', order: 'interleaved', optimizers: OPTIMIZER_IDS, steps: WASM_STEPS, evalEvery: 10 },
        ];
        let rowsBefore = 0;
        for (const { backend, order, optimizers, steps, evalEvery } of passes) {
          await page.evaluate((ids) => {
            document.querySelectorAll<HTMLInputElement>('#optimizers input').forEach((box) => (box.checked = ids.includes(box.value)));
          }, optimizers);
          await page.fill('#steps', String(steps));
          await page.fill('#eval-every', String(evalEvery));
          await page.selectOption('#backend', backend);
          await page.selectOption('#order', order);
          await page.click('#train');
          await page.waitForSelector('#status[data-state="done"], #status[data-state="error"]', { timeout: 60_000 });
          const n = optimizers.length;
          expect(await page.textContent('#status')).toMatch(new RegExp(`^Done: ${n} optimizers on ${backend};`));
          // Every step streamed into the loss chart, every evaluation into the accuracy chart, one bar per optimizer.
          expect(await points('chart-loss')).toBe(n * steps);
          expect(await points('chart-accuracy')).toBe((n * steps) / evalEvery);
          expect(await points('chart-cost')).toBe(n);
          expect(await page.locator('#chart-loss svg .mark-line path').count()).toBe(n);
          // The drawn line itself has one vertex per step (vega writes "M x,y L x,y …").
          const d = (await page.locator('#chart-loss svg .mark-line path').first().getAttribute('d')) ?? '';
          expect(d.match(/L/g)?.length).toBe(steps - 1);
          expect(await page.locator('#chart-accuracy svg .mark-line path').count()).toBe(n);
          expect(await page.locator('#chart-cost svg .mark-rect path').count()).toBe(n);
          expect(await rows.count()).toBe(rowsBefore + n);
          const ratios: string[] = [];
          for (let r = rowsBefore; r < rowsBefore + n; r++) {
            const row = rows.nth(r);
            expect(await row.getAttribute('data-backend')).toBe(backend);
            expect(await row.locator('[data-col="steps"]').textContent()).toBe(String(steps));
            expect(Number(await row.locator('[data-col="loss"]').textContent())).toBeGreaterThan(0);
            expect(await row.locator('[data-col="accuracy"]').textContent()).toMatch(/^\d+\.\d%$/);
            expect(Number(await row.locator('[data-col="msPerStep"]').textContent())).toBeGreaterThan(0);
            const ratio = (await row.locator('[data-col="ratio"]').textContent()) ?? '';
            expect(ratio).toMatch(r === rowsBefore ? /^1\.00×$/ : /^\d+\.\d\d×$/);
            ratios.push(`${await row.getAttribute('data-optimizer')} ${ratio}`);
          }
          console.log(`demo.test.ts: ${backend}, ${order}, ${steps} steps of batch 32 (a smoke figure, not a benchmark): ${ratios.join(', ')}`);
          rowsBefore += n;
        }

        // Save the wasm NoisyGradientSGD run with its optimizer, load it back, continue.
        await page.selectOption('#saved-run', 'noisy-wasm-mlp');
        await page.click('#save');
        await page.waitForSelector('#store-status[data-state="saved"], #store-status[data-state="error"]');
        expect(await page.textContent('#store-status')).toMatch(new RegExp(`^Saved NoisyGradientSGD to IndexedDB \\(\\d+ KiB, \\d+ optimizer weights, step ${WASM_STEPS}\\)\\.$`));
        await page.fill('#resume-steps', String(RESUME_STEPS));
        await page.click('#resume');
        await page.waitForSelector('#store-status[data-state="resumed"], #store-status[data-state="error"]', { timeout: 60_000 });
        const resumed = (await page.textContent('#store-status')) ?? '';
        const m = resumed.match(/^Loaded NoisyGradientSGD at step (\d+) \(test accuracy ([\d.]+)%; when saved ([\d.]+)%\) and continued to step (\d+) on wasm\.$/);
        expect(m, resumed).not.toBeNull();
        expect(Number(m![1])).toBe(WASM_STEPS); // the optimizer's step counter came back
        expect(m![2]).toBe(m![3]); // and so did the weights
        expect(Number(m![4])).toBe(WASM_STEPS + RESUME_STEPS);
        expect(await points('chart-loss')).toBe(OPTIMIZER_IDS.length * WASM_STEPS + RESUME_STEPS);
        const last = page.locator('#results tbody tr').last();
        expect(await last.locator('[data-col="steps"]').textContent()).toBe(`${WASM_STEPS + 1}–${WASM_STEPS + RESUME_STEPS}`);
        expect(await last.locator('[data-col="note"]').textContent()).toBe('loaded from IndexedDB (NoisyGradientSGD)');

        await page.screenshot({ path: join(DEMO, 'screenshot.png'), fullPage: true });
        expect(problems).toEqual([]);
      } finally {
        await browser.close();
        await server.close();
      }
    },
    120_000,
  );
});
