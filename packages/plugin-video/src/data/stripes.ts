import { z, type DatasetDef, type Rng, type SplitName } from '@zoo/core';
import { ImageDataset, type ImageShape, type ImageSplit } from '@zoo/vision';

/**
 * Synthetic stripes (the scaffold's example image dataset on `@zoo/vision`'s `ImageDataset`; replace it
 * with the paper's, e.g. a reader from `@zoo/vision`): class k of K is a bright horizontal band over rows
 * [⌊kH/K⌋, ⌊(k+1)H/K⌋) of a size×size×1 image, pixel = 200 in the band and 40 elsewhere, + N(0, 20²)
 * noise, clamped to 0..255 and stored as uint8 (the dataset scales by 1/255 when batching). Labels are
 * drawn uniformly; per split `n·{0.6, 0.2, 0.2}` images, generated from the run's seed.
 */
export function stripeSplit(n: number, size: number, classes: number, rng: Rng): ImageSplit {
  const per = size * size;
  const images = new Uint8Array(n * per);
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const k = rng.int(classes);
    labels[i] = k;
    const lo = Math.floor((k * size) / classes);
    const hi = Math.floor(((k + 1) * size) / classes);
    for (let r = 0; r < size; r++) {
      for (let c = 0; c < size; c++) {
        const v = (r >= lo && r < hi ? 200 : 40) + 20 * rng.normal();
        images[i * per + r * size + c] = Math.max(0, Math.min(255, Math.round(v)));
      }
    }
  }
  return { images, labels };
}

export const stripesConfigSchema = z
  .object({ n: z.number().int().min(30).default(300), size: z.number().int().min(4).default(8), classes: z.number().int().min(2).default(4) })
  .strict()
  .refine((c) => c.classes <= c.size, { message: 'classes must be at most size (one band of rows per class)', path: ['classes'] });

export const stripesDataset: DatasetDef<typeof stripesConfigSchema> = {
  id: 'stripes',
  description: 'Horizontal stripes, one band of rows per class (synthetic images, for the smoke tier)',
  configSchema: stripesConfigSchema,
  layout: 'generated from the seed; no files',
  async load(c, { rng }) {
    const shape: ImageShape = [c.size, c.size, 1];
    const sizes: Record<SplitName, number> = { train: Math.floor(0.6 * c.n), val: Math.floor(0.2 * c.n), test: c.n - Math.floor(0.6 * c.n) - Math.floor(0.2 * c.n) };
    const splits = {
      train: stripeSplit(sizes.train, c.size, c.classes, rng.fork('train')),
      val: stripeSplit(sizes.val, c.size, c.classes, rng.fork('val')),
      test: stripeSplit(sizes.test, c.size, c.classes, rng.fork('test')),
    };
    // an ImageDataset: its meta is a typed ImageDatasetMeta (imageShape, uint8 storage) that models read without casts
    return new ImageDataset('stripes', shape, splits, c.classes, 'synthetic');
  },
};
