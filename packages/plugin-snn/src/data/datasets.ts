import * as path from 'node:path';
import { DataMissingError, stratifiedSplit, z, boundedInt, LIMITS, type DatasetDef, type Rng } from '@zoo/core';
import { alternatingBars, barImages, DIGITS_LAYOUT, DIGITS_LICENSE, findDataFile as findFile, ImageDataset, locateDigits, MNIST_FILES, MNIST_LAYOUT, MNIST_LICENSE, readCifarFile, readDigitsCsv, readMnistPair, subset, type ImageSplit } from '@zoo/vision';

export const mnistConfigSchema = z
  .object({
    /** Validation images held out of the training images (60k case: 5,000; test-set-only case: 800). */
    val: boundedInt(1, LIMITS.count).optional(),
  })
  .strict();

/**
 * MNIST. With the training files under --data-dir: 60k/10k (last 5,000 training images by seed held
 * out for validation). With only the 10,000 test images (as in ../shared/data/mnist): a seeded,
 * stratified 8,000 / 2,000 split, the 8,000 split again 7,200 train / 800 validation.
 */
export const mnistDataset: DatasetDef<typeof mnistConfigSchema> = {
  id: 'mnist',
  description: 'MNIST handwritten digits, 28×28 grey (IDX files)',
  configSchema: mnistConfigSchema,
  layout: MNIST_LAYOUT,
  license: MNIST_LICENSE,
  async load(config, ctx) {
    const dir = path.join(ctx.dataDir ?? '<data-dir>', 'mnist');
    const testImages = ctx.dataDir ? findFile(dir, MNIST_FILES.testImages) : undefined;
    const testLabels = ctx.dataDir ? findFile(dir, MNIST_FILES.testLabels) : undefined;
    if (!testImages || !testLabels) throw new DataMissingError(path.join(dir, `${!testImages ? MNIST_FILES.testImages : MNIST_FILES.testLabels}.gz`), MNIST_LAYOUT);
    const test = readMnistPair(testImages, testLabels);
    const trainImages = findFile(dir, MNIST_FILES.trainImages);
    const trainLabels = findFile(dir, MNIST_FILES.trainLabels);
    const rng = ctx.rng.fork('mnist-split');
    if (trainImages && trainLabels) {
      const train = readMnistPair(trainImages, trainLabels);
      const nVal = config.val ?? 5000;
      const [tr, va] = stratifiedSplit(train.labels, [train.labels.length - nVal, nVal], rng);
      return new ImageDataset('mnist', [28, 28, 1], { train: subset(train, 784, tr), val: subset(train, 784, va), test }, 10, 'data-dir', dir);
    }
    const nVal = config.val ?? 800;
    const [tr, va, te] = stratifiedSplit(test.labels, [8000 - nVal, nVal, 2000], rng);
    const part = (i: Int32Array) => subset(test, 784, i);
    return new ImageDataset('mnist', [28, 28, 1], { train: part(tr), val: part(va), test: part(te) }, 10, 'data-dir', dir);
  },
};

export const digitsConfigSchema = z.object({}).strict();

/** sklearn's 1,797 8×8 digits (embedded), split 1,257 / 180 / 360 (seeded, stratified). */
export const digitsDataset: DatasetDef<typeof digitsConfigSchema> = {
  id: 'digits',
  description: "scikit-learn's 8×8 handwritten digits (1,797 images; embedded)",
  configSchema: digitsConfigSchema,
  layout: DIGITS_LAYOUT,
  license: DIGITS_LICENSE,
  async load(_config, ctx) {
    const found = locateDigits(ctx.dataDir);
    if (!found) throw new DataMissingError(path.join(ctx.dataDir ?? '<data-dir>', 'sklearn-digits', 'digits.csv.gz'), DIGITS_LAYOUT);
    const all = readDigitsCsv(found.file);
    const n = all.labels.length;
    const nTest = Math.round(0.2 * n);
    const nVal = Math.round(0.1 * n);
    const [tr, va, te] = stratifiedSplit(all.labels, [n - nTest - nVal, nVal, nTest], ctx.rng.fork('digits-split'));
    const part = (i: Int32Array) => subset(all, 64, i);
    return new ImageDataset('digits', [8, 8, 1], { train: part(tr), val: part(va), test: part(te) }, 10, found.source, path.dirname(found.file));
  },
};

export const cifarConfigSchema = z.object({ val: boundedInt(1, LIMITS.count).default(5000) }).strict();

function cifarDataset(classes: 10 | 100): DatasetDef<typeof cifarConfigSchema> {
  const folder = classes === 10 ? 'cifar-10-batches-bin' : 'cifar-100-binary';
  const trainFiles = classes === 10 ? [1, 2, 3, 4, 5].map((i) => `data_batch_${i}.bin`) : ['train.bin'];
  const testFile = classes === 10 ? 'test_batch.bin' : 'test.bin';
  const layout = `<data-dir>/${folder}/{${[...trainFiles, testFile].join(',')}} (CIFAR binary version)`;
  const read = (file: string) => readCifarFile(file, classes, layout);
  return {
    id: `cifar${classes}`,
    description: `CIFAR-${classes}, 32×32 colour images (binary version)`,
    configSchema: cifarConfigSchema,
    layout,
    license: 'see https://www.cs.toronto.edu/~kriz/cifar.html',
    async load(config, ctx: { dataDir?: string; rng: Rng }) {
      const dir = path.join(ctx.dataDir ?? '<data-dir>', folder);
      if (!ctx.dataDir) throw new DataMissingError(path.join(dir, testFile), layout);
      const parts = trainFiles.map((f) => read(path.join(dir, f)));
      const images = new Float32Array(parts.reduce((s, p) => s + p.images.length, 0));
      const labels = new Int32Array(parts.reduce((s, p) => s + p.labels.length, 0));
      let o = 0;
      for (const p of parts) {
        images.set(p.images, o * 3072);
        labels.set(p.labels, o);
        o += p.labels.length;
      }
      const [tr, va] = stratifiedSplit(labels, [labels.length - config.val, config.val], ctx.rng.fork('cifar-split'));
      const test = read(path.join(dir, testFile));
      const all: ImageSplit = { images, labels };
      return new ImageDataset(`cifar${classes}`, [32, 32, 3], { train: subset(all, 3072, tr), val: subset(all, 3072, va), test }, classes, 'data-dir', dir);
    },
  };
}

export const cifar10Dataset = cifarDataset(10);
export const cifar100Dataset = cifarDataset(100);

export const syntheticConfigSchema = z
  .object({
    n: boundedInt(40, 1_000_000).default(600),
    size: boundedInt(4, 32).default(8),
    classes: boundedInt(2, 10).default(4),
    noise: z.number().min(0).default(0.15),
  })
  .strict();

/** Smoke tier: grey images of one bright bar per class (position/orientation), plus noise, clipped to [0, 1]. */
export const syntheticImagesDataset: DatasetDef<typeof syntheticConfigSchema> = {
  id: 'bars',
  description: 'Synthetic bar images, one bar pattern per class (smoke tier)',
  configSchema: syntheticConfigSchema,
  layout: 'generated from the seed; no files',
  async load(c, ctx) {
    const S = c.size;
    const labels = Int32Array.from({ length: c.n }, (_, i) => i % c.classes);
    const images = barImages(labels, ctx.rng, S, alternatingBars(c.classes, S), { on: 0.9, off: 0.1, noise: c.noise });
    const n = c.n;
    const [tr, va, te] = stratifiedSplit(labels, [n - 2 * Math.round(0.2 * n), Math.round(0.2 * n), Math.round(0.2 * n)], ctx.rng.fork('split'));
    const part = (ix: Int32Array) => subset({ images, labels }, S * S, ix);
    return new ImageDataset('bars', [S, S, 1], { train: part(tr), val: part(va), test: part(te) }, c.classes, 'synthetic');
  },
};
