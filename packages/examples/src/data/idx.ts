import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { Dataset, Split } from './dataset';
import { DataFileError } from './dataFileError';

/** IDX magic numbers: 0x00 0x00, type 0x08 (unsigned byte), number of dimensions. */
const IMAGES_MAGIC = 0x00000803;
const LABELS_MAGIC = 0x00000801;

export const FASHION_MNIST_DIR = '/usr/share/datasets/fashion-mnist';
export const FASHION_MNIST_HOW_TO_GET =
  'Install Fashion-MNIST with "apt-get install dataset-fashion-mnist" (Debian; it installs to /usr/share/datasets/fashion-mnist), ' +
  'or download the four *-ubyte.gz files from the Fashion-MNIST project and pass their folder with --data-dir.';
export const MNIST_IDX_HOW_TO_GET =
  'Download the four MNIST files (train-images-idx3-ubyte.gz, train-labels-idx1-ubyte.gz, t10k-images-idx3-ubyte.gz, ' +
  't10k-labels-idx1-ubyte.gz) and pass their folder with --data-dir.';

function readGzip(path: string, howToGet: string): Buffer {
  if (!existsSync(path)) throw new DataFileError(path, 'does not exist', howToGet);
  const raw = readFileSync(path);
  try {
    return gunzipSync(raw);
  } catch (e) {
    throw new DataFileError(path, `is not a valid gzip file (${(e as Error).message}; ${raw.length} bytes)`, howToGet);
  }
}

/** Parses a gzipped IDX3 image file into floats in [0, 1]. */
export function readIdxImages(path: string, howToGet: string): { images: Float32Array; count: number; rows: number; cols: number } {
  const buf = readGzip(path, howToGet);
  if (buf.length < 16) throw new DataFileError(path, `is truncated: ${buf.length} bytes, an IDX image header needs 16`, howToGet);
  const magic = buf.readUInt32BE(0);
  if (magic !== IMAGES_MAGIC) {
    throw new DataFileError(path, `has magic number 0x${magic.toString(16).padStart(8, '0')}, expected 0x00000803 (IDX unsigned-byte images, 3 dimensions)`, howToGet);
  }
  const count = buf.readUInt32BE(4);
  const rows = buf.readUInt32BE(8);
  const cols = buf.readUInt32BE(12);
  const expected = 16 + count * rows * cols;
  if (buf.length !== expected) {
    throw new DataFileError(
      path,
      `has ${buf.length} bytes, expected ${expected} (16-byte header + ${count} images of ${rows}×${cols})${buf.length < expected ? ': the file is truncated' : ''}`,
      howToGet,
    );
  }
  const images = new Float32Array(count * rows * cols);
  for (let i = 0; i < images.length; i++) images[i] = buf[16 + i]! / 255;
  return { images, count, rows, cols };
}

/** Parses a gzipped IDX1 label file. */
export function readIdxLabels(path: string, howToGet: string, numClasses = 10): Uint8Array {
  const buf = readGzip(path, howToGet);
  if (buf.length < 8) throw new DataFileError(path, `is truncated: ${buf.length} bytes, an IDX label header needs 8`, howToGet);
  const magic = buf.readUInt32BE(0);
  if (magic !== LABELS_MAGIC) {
    throw new DataFileError(path, `has magic number 0x${magic.toString(16).padStart(8, '0')}, expected 0x00000801 (IDX unsigned-byte labels, 1 dimension)`, howToGet);
  }
  const count = buf.readUInt32BE(4);
  if (buf.length !== 8 + count) {
    throw new DataFileError(path, `has ${buf.length} bytes, expected ${8 + count} (8-byte header + ${count} labels)`, howToGet);
  }
  const labels = new Uint8Array(buf.subarray(8));
  const bad = labels.findIndex((l) => l >= numClasses);
  if (bad >= 0) throw new DataFileError(path, `label ${bad} is ${labels[bad]}, expected 0 to ${numClasses - 1}`, howToGet);
  return labels;
}

function readSplit(dir: string, prefix: 'train' | 't10k', howToGet: string): Split {
  const imagesPath = join(dir, `${prefix}-images-idx3-ubyte.gz`);
  const labelsPath = join(dir, `${prefix}-labels-idx1-ubyte.gz`);
  const { images, count, rows, cols } = readIdxImages(imagesPath, howToGet);
  if (rows !== 28 || cols !== 28) throw new DataFileError(imagesPath, `holds ${rows}×${cols} images, expected 28×28`, howToGet);
  const labels = readIdxLabels(labelsPath, howToGet);
  if (labels.length !== count) {
    throw new DataFileError(labelsPath, `holds ${labels.length} labels but ${imagesPath} holds ${count} images`, howToGet);
  }
  return { images, labels, count };
}

/** A 28×28 IDX dataset (MNIST or Fashion-MNIST layout) from a folder of the four standard .gz files. */
export function loadIdxDataset(dir: string, name: string, howToGet: string): Dataset {
  return {
    name,
    imageShape: [28, 28, 1],
    numClasses: 10,
    train: readSplit(dir, 'train', howToGet),
    test: readSplit(dir, 't10k', howToGet),
  };
}
