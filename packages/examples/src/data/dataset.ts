/** Images as float32 in [0, 1], row-major `[count, ...imageShape]`, with integer labels. */
export type Split = { images: Float32Array; labels: Uint8Array; count: number };

export type Dataset = {
  name: string;
  /** Per-example shape, e.g. [28, 28, 1] or [32, 32, 3]. */
  imageShape: [number, number, number];
  numClasses: number;
  train: Split;
  test: Split;
};

export function pixelsPerImage(d: Pick<Dataset, 'imageShape'>): number {
  return d.imageShape[0] * d.imageShape[1] * d.imageShape[2];
}
