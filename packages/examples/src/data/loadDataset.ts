import { downloadCifar10, loadCifar10 } from './cifar10';
import type { Dataset, Split } from './dataset';
import { pixelsPerImage } from './dataset';
import { FASHION_MNIST_DIR, FASHION_MNIST_HOW_TO_GET, MNIST_IDX_HOW_TO_GET, loadIdxDataset } from './idx';
import { loadBundledMnist } from './mnistBundled';
import { head } from './stratifiedSplit';

export const DATASETS = ['mnist', 'fashion-mnist', 'mnist-idx', 'cifar10'] as const;
export type DatasetName = (typeof DATASETS)[number];

export type LoadOptions = {
  dataDir?: string;
  download?: boolean;
  seed?: number;
  /** Keep only the first n training / test examples (smoke runs). */
  trainLimit?: number;
  testLimit?: number;
  log?: (line: string) => void;
};

export async function loadDataset(name: DatasetName, o: LoadOptions = {}): Promise<Dataset> {
  let d: Dataset;
  switch (name) {
    case 'mnist':
      d = loadBundledMnist({ seed: o.seed ?? 0, ...(o.dataDir ? { dir: o.dataDir } : {}) });
      break;
    case 'fashion-mnist':
      d = loadIdxDataset(o.dataDir ?? FASHION_MNIST_DIR, 'fashion-mnist', FASHION_MNIST_HOW_TO_GET);
      break;
    case 'mnist-idx':
      if (!o.dataDir) throw new Error(`--data-dir is required for mnist-idx. ${MNIST_IDX_HOW_TO_GET}`);
      d = loadIdxDataset(o.dataDir, 'mnist-idx', MNIST_IDX_HOW_TO_GET);
      break;
    case 'cifar10': {
      const dir = o.dataDir ?? 'data/cifar10';
      if (o.download) await downloadCifar10(dir, o.log);
      d = loadCifar10(dir);
      break;
    }
  }
  const pixels = pixelsPerImage(d);
  const limit = (s: Split, n?: number) => head(s, pixels, n);
  return { ...d, train: limit(d.train, o.trainLimit), test: limit(d.test, o.testLimit) };
}
