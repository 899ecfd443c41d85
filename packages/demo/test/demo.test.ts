import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { serveStatic } from '../scripts/serve.mjs';

const DEMO = fileURLToPath(new URL('..', import.meta.url));
const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
// SwiftShader gives headless Chromium both WebGL and WebGPU without a GPU (PLATFORM.md, "Browsers").
const FLAGS = [
  '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader',
  '--enable-unsafe-webgpu',
  '--use-webgpu-adapter=swiftshader',
  '--enable-features=Vulkan',
  '--use-vulkan=swiftshader',
  '--ignore-gpu-blocklist',
];
const STEPS = 8;
const EVAL_EVERY = 4;
const RESUME_STEPS = 4;

/** Newest modification time under `path` (a file or a folder). */
function newest(path: string): number {
  const s = statSync(path);
  if (!s.isDirectory()) return s.mtimeMs;
  return Math.max(s.mtimeMs, ...readdirSync(path).map((f) => newest(join(path, f))));
}

/** The root `test` script builds every package first; a bare `vitest run` (re)builds a missing or stale page here. */
function ensureBuilt(): void {
  const built = join(DEMO, 'dist', 'index.html');
  const sources = ['src', 'index.html', 'vite.config.ts'].map((p) => newest(join(DEMO, p)));
  if (existsSync(built) && statSync(built).mtimeMs >= Math.max(...sources)) return;
  const vite = join(dirname(createRequire(join(DEMO, 'package.json')).resolve('vite/package.json')), 'bin', 'vite.js');
  execFileSync(process.execPath, [vite, 'build', '--logLevel', 'warn'], { cwd: DEMO, stdio: 'inherit' });
}

const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) console.log(`demo.test.ts: skipped, no Chromium at ${CHROMIUM} (install Debian's chromium or set CHROMIUM_PATH).`);

describe('browser demo (headless Chromium)', () => {
  it.skipIf(!hasChromium)(
    `trains on webgl and wasm, draws curves, fills the table, saves to IndexedDB, reloads and continues${hasChromium ? '' : ` [skipped: no Chromium at ${CHROMIUM}]`}`,
    async () => {
      ensureBuilt();
      const { chromium } = await import('playwright-core');
      const server = await serveStatic({ dir: join(DEMO, 'dist') });
      const origin = new URL(server.url).origin;
      const args = [...FLAGS, ...(process.getuid?.() === 0 ? ['--no-sandbox'] : [])];
      const browser = await chromium.launch({ executablePath: CHROMIUM, args });
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

        // Two optimizers, a few steps each.
        await page.evaluate(() => {
          document.querySelectorAll<HTMLInputElement>('#optimizers input').forEach((box) => (box.checked = ['sgd', 'noisy'].includes(box.value)));
        });
        await page.fill('#steps', String(STEPS));
        await page.fill('#eval-every', String(EVAL_EVERY));
        await page.fill('#batch', '32');
        const points = (id: string) => page.getAttribute(`#${id}`, 'data-points').then(Number);
        const lossSvg = () => page.innerHTML('#chart-loss svg');

        for (const [i, backend] of ['webgl', 'wasm'].entries()) {
          await page.selectOption('#backend', backend);
          const before = await lossSvg();
          await page.click('#train');
          await page.waitForSelector('#status[data-state="done"], #status[data-state="error"]', { timeout: 60_000 });
          expect(await page.textContent('#status')).toMatch(new RegExp(`^Done: 2 optimizers on ${backend};`));
          // Every step streamed into the loss chart, every evaluation into the accuracy chart.
          expect(await points('chart-loss')).toBe(2 * STEPS);
          expect(await points('chart-accuracy')).toBe((2 * STEPS) / EVAL_EVERY);
          expect(await points('chart-cost')).toBe(2);
          expect(await lossSvg()).not.toBe(before);
          expect(await page.locator('#chart-loss svg .mark-line path').count()).toBe(2);
          expect(await page.locator('#chart-cost svg .mark-rect path').count()).toBe(2);
          const rows = page.locator('#results tbody tr');
          expect(await rows.count()).toBe(2 * (i + 1));
          for (const r of [2 * i, 2 * i + 1]) {
            const row = rows.nth(r);
            expect(await row.getAttribute('data-backend')).toBe(backend);
            expect(await row.locator('[data-col="steps"]').textContent()).toBe(String(STEPS));
            expect(Number(await row.locator('[data-col="loss"]').textContent())).toBeGreaterThan(0);
            expect(await row.locator('[data-col="accuracy"]').textContent()).toMatch(/^\d+\.\d%$/);
            expect(Number(await row.locator('[data-col="msPerStep"]').textContent())).toBeGreaterThan(0);
          }
          expect(await rows.nth(2 * i).locator('[data-col="ratio"]').textContent()).toBe('1.00×');
          const ratio = await rows.nth(2 * i + 1).locator('[data-col="ratio"]').textContent();
          expect(ratio).toMatch(/^\d+\.\d\d×$/);
          console.log(`demo.test.ts: ${backend} NoisyGradientSGD ${ratio} SGD per step (${STEPS} steps, batch 32, SwiftShader/CPU)`);
        }

        // Save the wasm NoisyGradientSGD run with its optimizer, load it back, continue.
        await page.selectOption('#saved-run', 'noisy-wasm-mlp');
        await page.click('#save');
        await page.waitForSelector('#store-status[data-state="saved"], #store-status[data-state="error"]');
        expect(await page.textContent('#store-status')).toMatch(new RegExp(`^Saved NoisyGradientSGD to IndexedDB \\(\\d+ KiB, \\d+ optimizer weights, step ${STEPS}\\)\\.$`));
        await page.fill('#resume-steps', String(RESUME_STEPS));
        await page.click('#resume');
        await page.waitForSelector('#store-status[data-state="resumed"], #store-status[data-state="error"]', { timeout: 60_000 });
        const resumed = (await page.textContent('#store-status')) ?? '';
        const m = resumed.match(/^Loaded NoisyGradientSGD at step (\d+) \(test accuracy ([\d.]+)%; when saved ([\d.]+)%\) and continued to step (\d+) on wasm\.$/);
        expect(m, resumed).not.toBeNull();
        expect(Number(m![1])).toBe(STEPS); // the optimizer's step counter came back
        expect(m![2]).toBe(m![3]); // and so did the weights
        expect(Number(m![4])).toBe(STEPS + RESUME_STEPS);
        expect(await points('chart-loss')).toBe(2 * STEPS + RESUME_STEPS);
        const last = page.locator('#results tbody tr').last();
        expect(await last.locator('[data-col="steps"]').textContent()).toBe(`${STEPS + 1}–${STEPS + RESUME_STEPS}`);
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
