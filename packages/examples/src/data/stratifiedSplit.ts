import type { Split } from './dataset';
import { SeededRandom } from './seededRandom';

/**
 * Splits examples into train and test keeping each class's share: from every
 * class, `round(testFraction · n_class)` examples (chosen by `seed`) go to test.
 * Both splits come out in a seeded random order.
 */
export function stratifiedSplit(all: Split, pixels: number, testFraction: number, seed: number): { train: Split; test: Split } {
  const rng = new SeededRandom(seed);
  const byClass = new Map<number, number[]>();
  for (let i = 0; i < all.count; i++) {
    const label = all.labels[i]!;
    if (!byClass.has(label)) byClass.set(label, []);
    byClass.get(label)!.push(i);
  }
  const train: number[] = [];
  const test: number[] = [];
  for (const label of [...byClass.keys()].sort((a, b) => a - b)) {
    const indices = rng.shuffle(byClass.get(label)!);
    const nTest = Math.round(indices.length * testFraction);
    test.push(...indices.slice(0, nTest));
    train.push(...indices.slice(nTest));
  }
  return { train: take(all, pixels, rng.shuffle(train)), test: take(all, pixels, rng.shuffle(test)) };
}

/** The examples at `indices`, in that order. */
export function take(all: Split, pixels: number, indices: readonly number[]): Split {
  const images = new Float32Array(indices.length * pixels);
  const labels = new Uint8Array(indices.length);
  indices.forEach((src, dst) => {
    images.set(all.images.subarray(src * pixels, (src + 1) * pixels), dst * pixels);
    labels[dst] = all.labels[src]!;
  });
  return { images, labels, count: indices.length };
}

/** The first `n` examples (all if `n` is undefined or larger). */
export function head(split: Split, pixels: number, n?: number): Split {
  if (n === undefined || n >= split.count) return split;
  return { images: split.images.slice(0, n * pixels), labels: split.labels.slice(0, n), count: n };
}
