#!/usr/bin/env node
// @ts-check
// A static file server for the built demo, on 127.0.0.1 only (a secure
// context, so WebGPU and IndexedDB work without HTTPS).
// Usage: node scripts/serve.mjs [--port N] [--dir DIR]; prints one line with the URL.
import { createReadStream, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  // application/wasm lets the browser compile while downloading.
  '.wasm': 'application/wasm',
  '.bin': 'application/octet-stream',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
};

/**
 * @param {{ dir: string; port?: number }} o
 * @returns {Promise<{ url: string; close: () => Promise<void> }>}
 */
export function serveStatic(o) {
  const root = resolve(o.dir);
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    let file = normalize(join(root, path.endsWith('/') ? `${path}index.html` : path));
    if (file !== root && !file.startsWith(root + sep)) {
      res.writeHead(403).end();
      return;
    }
    try {
      if (statSync(file).isDirectory()) file = join(file, 'index.html');
      const size = statSync(file).size;
      res.writeHead(200, {
        'Content-Type': TYPES[/** @type {keyof typeof TYPES} */ (extname(file))] ?? 'application/octet-stream',
        'Content-Length': size,
        'Cache-Control': 'no-cache',
      });
      createReadStream(file).pipe(res);
    } catch {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
    }
  });
  return new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(o.port ?? 0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : o.port;
      ok({ url: `http://127.0.0.1:${port}/`, close: () => new Promise((done) => server.close(() => done())) });
    });
  });
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const arg = (name, fallback) => {
    const i = process.argv.indexOf(name);
    return i >= 0 && process.argv[i + 1] !== undefined ? process.argv[i + 1] : fallback;
  };
  const dir = arg('--dir', fileURLToPath(new URL('../dist', import.meta.url)));
  const port = Number(arg('--port', '5199'));
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`--port is ${JSON.stringify(arg('--port', ''))}; it must be a whole number from 0 to 65535.`);
    process.exit(2);
  }
  try {
    statSync(join(dir, 'index.html'));
  } catch {
    console.error(`${join(dir, 'index.html')} is missing; build the demo first (npx -y pnpm@10 demo builds and serves).`);
    process.exit(1);
  }
  serveStatic({ dir, port }).then(
    ({ url }) => console.log(`tfjs-noise demo: ${url}  (Ctrl+C to stop)`),
    (e) => {
      console.error(`Cannot listen on 127.0.0.1:${port}: ${e.message}. Pass --port N for another port (0 picks a free one).`);
      process.exit(1);
    },
  );
}
