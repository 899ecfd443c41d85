#!/usr/bin/env node
// @ts-check
// Step-cost ratios as the page itself measures them: opens the built demo in
// headless Chromium (SwiftShader for webgl/webgpu: a CPU-emulated GPU, so the
// ratios mean something, the milliseconds do not), trains every optimizer on
// each backend and prints the results table as markdown.
// Usage: node scripts/ratios.mjs [--steps N] [--batch N] [--backends webgl,wasm,webgpu] [--model mlp|cnn]
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { serveStatic } from './serve.mjs';
import { chromiumArgs, chromiumPath } from '../../../scripts/chromium.mjs';

const arg = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i >= 0 && process.argv[i + 1] !== undefined ? String(process.argv[i + 1]) : fallback;
};
const steps = arg('--steps', '60');
const batch = arg('--batch', '64');
const model = arg('--model', 'mlp');
const backends = arg('--backends', 'webgl,wasm,webgpu').split(',');
const server = await serveStatic({ dir: fileURLToPath(new URL('../dist', import.meta.url)) });
const browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs() });
try {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  page.on('console', (m) => m.type() === 'error' && console.error(`page: ${m.text()}`));
  await page.goto(server.url);
  await page.waitForSelector('#status[data-state="ready"]', { timeout: 60_000 });
  console.log(`${await page.textContent('#status')}\n\n${model}, ${steps} steps of batch ${batch} per optimizer, interleaved; median step time after 2 warm-up steps\n`);
  console.log('| backend | optimizer | ms / step | × SGD |\n|---|---|---:|---:|');
  let seen = 0;
  for (const backend of backends) {
    await page.selectOption('#backend', backend);
    await page.selectOption('#model', model);
    // Round-robin steps: the machine's load then weighs on every optimizer alike.
    await page.selectOption('#order', 'interleaved');
    await page.fill('#steps', steps);
    await page.fill('#batch', batch);
    await page.fill('#eval-every', steps);
    await page.click('#train');
    await page.waitForSelector('#status[data-state="done"], #status[data-state="error"]', { timeout: 3_600_000 });
    if ((await page.getAttribute('#status', 'data-state')) === 'error') {
      console.log(`| ${backend} | (${await page.textContent('#status')}) | | |`);
      continue;
    }
    const rows = await page.$$eval('#results tbody tr', (trs) =>
      trs.map((tr) => Object.fromEntries([...tr.querySelectorAll('td')].map((td) => [td.dataset['col'], td.textContent]))),
    );
    for (const r of rows.slice(seen)) console.log(`| ${r.backend} | ${r.optimizer} | ${r.msPerStep} | ${r.ratio} |`);
    seen = rows.length;
  }
} finally {
  await browser.close();
  await server.close();
}
