import * as path from 'node:path';
import { DataMissingError, stratifiedSplit, z, boundedInt, LIMITS, type DatasetDef, type Rng } from '@zoo/core';
import { biasedImageDataset } from './biased-dataset';
import { barImages, findDataFile, fiveOffsetBars, MNIST_FILES, MNIST_LAYOUT, MNIST_LICENSE, readMnistPair, type ImageDataset } from '@zoo/vision';
import { CONFLICT_PCTS, coloredSplit, type BiasedSplit, type ConflictPct } from './colored-mnist';

const conflictPct = (def: ConflictPct) =>
  z
    .number()
    .default(def)
    .refine((v) => (CONFLICT_PCTS as readonly number[]).includes(v), { message: `conflictPct must be one of ${CONFLICT_PCTS.join(', ')} (percent of bias-conflicting training images, as in DCWP's table)` });

export const cmnistConfigSchema = (def: ConflictPct) =>
  z
    .object({
      conflictPct: conflictPct(def),
      /** Std of the per-image colour jitter (LfF's severity 4). */
      colorStd: z.number().min(0).max(0.5).default(0.005),
    })
    .strict();
export type CmnistConfig = z.output<ReturnType<typeof cmnistConfigSchema>>;

const EMPTY: BiasedSplit = { images: new Float32Array(0), labels: new Int32Array(0), bias: new Int32Array(0) };
const cache = new Map<string, ImageDataset>();

function pick(gray: Float32Array, labels: Int32Array, idx: Int32Array): { gray: Float32Array; labels: Int32Array } {
  const out = new Float32Array(idx.length * 784);
  idx.forEach((k, i) => out.set(gray.subarray(k * 784, (k + 1) * 784), i * 784));
  return { gray: out, labels: idx.map((k) => labels[k]) };
}

/**
 * Colored MNIST from the real MNIST IDX files under `<data-dir>/mnist/`. With the 60k training files:
 * 60,000 biased training images and the 10,000 test images coloured at random. With only the 10,000 test
 * images (as `../shared/data/mnist` holds): a seeded, stratified 8,000 / 2,000 split. No validation
 * split: no method here selects on held-out data. Generation is seeded and cached per process.
 */
export function loadColoredMnist(dataDir: string | undefined, config: CmnistConfig, rng: Rng, id: string): ImageDataset {
  const dir = path.join(dataDir ?? '<data-dir>', 'mnist');
  const testImages = dataDir ? findDataFile(dir, MNIST_FILES.testImages) : undefined;
  const testLabels = dataDir ? findDataFile(dir, MNIST_FILES.testLabels) : undefined;
  if (!testImages || !testLabels) throw new DataMissingError(path.join(dir, `${!testImages ? MNIST_FILES.testImages : MNIST_FILES.testLabels}.gz`), MNIST_LAYOUT);
  const trainImages = findDataFile(dir, MNIST_FILES.trainImages);
  const trainLabels = findDataFile(dir, MNIST_FILES.trainLabels);
  const key = JSON.stringify([dir, !!(trainImages && trainLabels), config, rng.seed]);
  const hit = cache.get(key);
  if (hit) return hit;
  const test = readMnistPair(testImages, testLabels);
  let train: { gray: Float32Array; labels: Int32Array };
  let evalSet: { gray: Float32Array; labels: Int32Array };
  if (trainImages && trainLabels) {
    const t = readMnistPair(trainImages, trainLabels);
    train = { gray: t.images, labels: t.labels };
    evalSet = { gray: test.images, labels: test.labels };
  } else {
    const [tr, te] = stratifiedSplit(test.labels, [8000, 2000], rng.fork('cmnist-split'));
    train = pick(test.images, test.labels, tr);
    evalSet = pick(test.images, test.labels, te);
  }
  const colours = rng.fork(`cmnist-colours-${config.conflictPct}`);
  const ds = biasedImageDataset(
    id,
    [28, 28, 3],
    {
      train: coloredSplit(train.gray, train.labels, 784, config.conflictPct / 100, colours, config.colorStd),
      val: EMPTY,
      test: coloredSplit(evalSet.gray, evalSet.labels, 784, null, colours, config.colorStd),
    },
    10,
    'data-dir',
    dir,
  );
  cache.set(key, ds);
  return ds;
}

function cmnist(pct: ConflictPct): DatasetDef<ReturnType<typeof cmnistConfigSchema>> {
  const id = `cmnist-${pct}pct`;
  return {
    id,
    description: `Colored MNIST, ${pct}% of training images bias-conflicting, unbiased test set (from the MNIST IDX files)`,
    configSchema: cmnistConfigSchema(pct),
    layout: MNIST_LAYOUT,
    license: MNIST_LICENSE,
    async load(config, ctx) {
      return loadColoredMnist(ctx.dataDir, config, ctx.rng, id);
    },
  };
}

export const CMNIST_DATASETS = CONFLICT_PCTS.map(cmnist);

/** Ten size×size stroke patterns (class k: a 2-pixel horizontal bar for k < 5, a vertical one otherwise, at 5 evenly spaced offsets) with pixel noise. */
export function biasedBarImages(labels: Int32Array, rng: Rng, size = 12, levels = { on: 0.9, off: 0.05, noise: 0.1 }): Float32Array {
  return barImages(labels, rng, size, fiveOffsetBars(size), levels);
}

export const biasedBarsConfigSchema = z
  .object({
    train: boundedInt(1, 1_000_000).default(600),
    test: boundedInt(1, 1_000_000).default(300),
    conflictPct: z.number().min(0).max(100).default(5),
    /** Image side (≥ 6: the five bar offsets need room). */
    size: boundedInt(6, LIMITS.pixels).default(8),
  })
  .strict();

/** Synthetic biased set for the smoke tier: coloured bars, colour = class except `conflictPct`% of training images. */
export const biasedBarsDataset: DatasetDef<typeof biasedBarsConfigSchema> = {
  id: 'biased-bars',
  description: 'Coloured 8×8 bars (10 classes), colour spuriously tied to the class (synthetic, smoke tier)',
  configSchema: biasedBarsConfigSchema,
  layout: '(generated)',
  async load(config, ctx) {
    const rng = ctx.rng.fork('biased-bars');
    const make = (n: number, frac: number | null) => {
      const labels = Int32Array.from({ length: n }, (_, i) => i % 10);
      return coloredSplit(biasedBarImages(labels, rng, config.size), labels, config.size * config.size, frac, rng, 0.02);
    };
    return biasedImageDataset('biased-bars', [config.size, config.size, 3], { train: make(config.train, config.conflictPct / 100), val: EMPTY, test: make(config.test, null) }, 10, 'synthetic');
  },
};
