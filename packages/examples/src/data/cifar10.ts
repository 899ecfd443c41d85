import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import * as tar from 'tar';
import type { Dataset, Split } from './dataset';
import { DataFileError } from './dataFileError';

export const CIFAR10_URL = 'https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz';
export const CIFAR10_MD5 = 'c32a1d4ab5d03f1284b67883e8d87530';
export const CIFAR10_TRAIN_FILES = [1, 2, 3, 4, 5].map((i) => `data_batch_${i}.bin`);
export const CIFAR10_TEST_FILE = 'test_batch.bin';
/** 1 label byte + 32×32×3 pixel bytes, channel-major (all red, then green, then blue). */
export const CIFAR10_RECORD_BYTES = 1 + 3072;
export const CIFAR10_HOW_TO_GET =
  `Download and unpack the CIFAR-10 binary version (${CIFAR10_URL}, MD5 ${CIFAR10_MD5}) and pass the folder ` +
  'holding data_batch_1.bin … test_batch.bin (or its parent) with --data-dir, or add --download where a network exists.';

/** Parses one CIFAR-10 binary batch into HWC floats in [0, 1]. */
export function readCifarBatch(path: string): Split {
  if (!existsSync(path)) throw new DataFileError(path, 'does not exist', CIFAR10_HOW_TO_GET);
  const buf = readFileSync(path);
  if (buf.length === 0 || buf.length % CIFAR10_RECORD_BYTES !== 0) {
    const records = Math.floor(buf.length / CIFAR10_RECORD_BYTES);
    throw new DataFileError(
      path,
      `has ${buf.length} bytes, not a positive multiple of the ${CIFAR10_RECORD_BYTES}-byte record ` +
        `(1 label + 3072 pixels); ${records} whole records and ${buf.length - records * CIFAR10_RECORD_BYTES} bytes left over: truncated or not a CIFAR-10 binary batch`,
      CIFAR10_HOW_TO_GET,
    );
  }
  const count = buf.length / CIFAR10_RECORD_BYTES;
  const images = new Float32Array(count * 3072);
  const labels = new Uint8Array(count);
  for (let r = 0; r < count; r++) {
    const base = r * CIFAR10_RECORD_BYTES;
    const label = buf[base]!;
    if (label > 9) throw new DataFileError(path, `record ${r} has label ${label}, expected 0 to 9`, CIFAR10_HOW_TO_GET);
    labels[r] = label;
    // Channel-major on disk → height, width, channel in memory (what conv2d expects).
    for (let c = 0; c < 3; c++) {
      for (let p = 0; p < 1024; p++) images[r * 3072 + p * 3 + c] = buf[base + 1 + c * 1024 + p]! / 255;
    }
  }
  return { images, labels, count };
}

function concat(splits: Split[]): Split {
  const count = splits.reduce((n, s) => n + s.count, 0);
  const images = new Float32Array(count * 3072);
  const labels = new Uint8Array(count);
  let offset = 0;
  for (const s of splits) {
    images.set(s.images, offset * 3072);
    labels.set(s.labels, offset);
    offset += s.count;
  }
  return { images, labels, count };
}

/** The folder that holds the batches: `dir` itself or its `cifar-10-batches-bin` child. */
export function cifarBatchDir(dir: string): string {
  const nested = join(dir, 'cifar-10-batches-bin');
  return existsSync(join(nested, CIFAR10_TEST_FILE)) ? nested : dir;
}

export function loadCifar10(dir: string): Dataset {
  const batches = cifarBatchDir(dir);
  return {
    name: 'cifar10',
    imageShape: [32, 32, 3],
    numClasses: 10,
    train: concat(CIFAR10_TRAIN_FILES.map((f) => readCifarBatch(join(batches, f)))),
    test: readCifarBatch(join(batches, CIFAR10_TEST_FILE)),
  };
}

/** Checks an archive's MD5 and unpacks only the six batch files into `dir/cifar-10-batches-bin`. */
export async function unpackCifarArchive(archive: string, dir: string, expectedMd5 = CIFAR10_MD5): Promise<void> {
  const md5 = createHash('md5').update(readFileSync(archive)).digest('hex');
  if (md5 !== expectedMd5) {
    throw new DataFileError(archive, `has MD5 ${md5}, expected ${expectedMd5} (${statSync(archive).size} bytes): the download is incomplete or not the official archive`, CIFAR10_HOW_TO_GET);
  }
  const wanted = new Set([...CIFAR10_TRAIN_FILES, CIFAR10_TEST_FILE]);
  mkdirSync(dir, { recursive: true });
  // Only regular files with the expected names, and only under cifar-10-batches-bin/: no path tricks.
  await tar.x({
    file: archive,
    cwd: dir,
    filter: (path, entry) =>
      'type' in entry && entry.type === 'File' && path.split('/').length === 2 && path.startsWith('cifar-10-batches-bin/') && wanted.has(basename(path)),
  });
  for (const f of wanted) {
    if (!existsSync(join(dir, 'cifar-10-batches-bin', f))) {
      throw new DataFileError(archive, `does not contain cifar-10-batches-bin/${f}`, CIFAR10_HOW_TO_GET);
    }
  }
}

/** Downloads the official archive into `dir` (where a network exists), checks it and unpacks it. */
export async function downloadCifar10(dir: string, log: (line: string) => void = () => {}): Promise<void> {
  if (existsSync(join(dir, 'cifar-10-batches-bin', CIFAR10_TEST_FILE))) return;
  mkdirSync(dir, { recursive: true });
  const archive = join(dir, 'cifar-10-binary.tar.gz');
  log(`Downloading ${CIFAR10_URL} …`);
  let response: Response;
  try {
    response = await fetch(CIFAR10_URL);
  } catch (e) {
    throw new DataFileError(CIFAR10_URL, `could not be fetched (${(e as Error).message}); no network here?`, CIFAR10_HOW_TO_GET);
  }
  if (!response.ok) throw new DataFileError(CIFAR10_URL, `answered HTTP ${response.status}`, CIFAR10_HOW_TO_GET);
  writeFileSync(archive, Buffer.from(await response.arrayBuffer()));
  await unpackCifarArchive(archive, dir);
  log(`Unpacked CIFAR-10 into ${join(dir, 'cifar-10-batches-bin')}`);
}
