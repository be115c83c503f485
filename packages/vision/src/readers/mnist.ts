import * as path from 'node:path';
import { DataCorruptError, statData } from '@zoo/core';
import { readIdxFile } from './idx';

/** MNIST's file names as distributed (each may also be gzipped, `.gz`). */
export const MNIST_FILES = {
  trainImages: 'train-images-idx3-ubyte',
  trainLabels: 'train-labels-idx1-ubyte',
  testImages: 't10k-images-idx3-ubyte',
  testLabels: 't10k-labels-idx1-ubyte',
} as const;

export const MNIST_LAYOUT = '<data-dir>/mnist/{train,t10k}-{images-idx3,labels-idx1}-ubyte[.gz] (IDX, as distributed; only t10k-* is needed)';
export const MNIST_LICENSE = 'CC BY-SA 3.0 (Y. LeCun, C. Cortes)';

/** `dir/base` or `dir/base.gz`, whichever exists first (a folder of that name counts: reading it names it). */
export function findDataFile(dir: string, base: string): string | undefined {
  return [base, `${base}.gz`].map((f) => path.join(dir, f)).find((f) => statData(f) !== undefined);
}

/** One MNIST image file and its label file: pixels in [0, 1] (N·784, row-major) and int32 labels. */
export function readMnistPair(images: string, labels: string): { images: Float32Array; labels: Int32Array } {
  const px = readIdxFile(images, 3);
  const lb = readIdxFile(labels, 1);
  const [n, h, w] = px.dims;
  if (h !== 28 || w !== 28) throw new DataCorruptError(images, `images are ${h}×${w}, MNIST's are 28×28`);
  if (lb.dims[0] !== n) throw new DataCorruptError(labels, `${lb.dims[0]} labels for ${n} images in ${path.basename(images)}`);
  // n·784 ≤ the bytes present (readIdx checked the dims against the file before this allocation)
  const out = new Float32Array(n * 784);
  for (let i = 0; i < out.length; i++) out[i] = px.data[i] / 255;
  const l = Int32Array.from(lb.data);
  const bad = l.findIndex((v) => v > 9);
  if (bad >= 0) throw new DataCorruptError(labels, `label ${l[bad]} of image ${bad} is not a digit`, 8 + bad);
  return { images: out, labels: l };
}
