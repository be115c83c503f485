import type { Dataset, Rng, SplitName } from '@zoo/core';
import { ImageDataset, type ImageDatasetOptions, type ImageShape } from '@zoo/vision';
import type { BiasedSplit } from './colored-mnist';

/**
 * Debias' image sets: vision's `ImageDataset` with a known bias attribute per example (a colour, a
 * corruption, ...), the per-example attribute `bias`. Training code never reads it (the methods here
 * find conflicting examples without group labels); the metrics use it to split the test accuracy into
 * bias-aligned (label = bias) and bias-conflicting (label ≠ bias) examples. Unsized batches are 512 images.
 */
export const BIAS = 'bias';

export function biasedImageDataset(
  id: string,
  shape: ImageShape,
  splits: Record<SplitName, BiasedSplit>,
  numClasses: number,
  source: ImageDataset['meta']['source'],
  path?: string,
  options: Pick<ImageDatasetOptions, 'normalize' | 'augment'> = {},
): ImageDataset {
  const withBias = ({ images, labels, bias }: BiasedSplit) => ({ images, labels, attributes: { [BIAS]: bias } });
  return new ImageDataset(id, shape, { train: withBias(splits.train), val: withBias(splits.val), test: withBias(splits.test) }, numClasses, source, path, {
    ...options,
    attributes: [BIAS],
    defaultBatchSize: 512,
  });
}

/** Whether a dataset is an image dataset with bias labels. */
export function isBiasedImageDataset(dataset: Dataset): dataset is ImageDataset {
  return dataset instanceof ImageDataset && dataset.meta.attributes.includes(BIAS);
}

/** 1 where the example is bias-conflicting (label ≠ bias attribute). */
export function conflicting(dataset: ImageDataset, split: SplitName): Uint8Array {
  const labels = dataset.splits[split].labels;
  const bias = dataset.attribute(split, BIAS);
  return Uint8Array.from(labels, (l, i) => (l !== bias[i] ? 1 : 0));
}

/** The number of bias-conflicting examples per split. */
export function conflictingCounts(dataset: ImageDataset): Record<SplitName, number> {
  const count = (split: SplitName) => conflicting(dataset, split).reduce((a, f) => a + f, 0);
  return { train: count('train'), val: count('val'), test: count('test') };
}

/**
 * Sampling with replacement in proportion to per-example weights (PyTorch's WeightedRandomSampler, as
 * the DCWP/JTT code up-weights examples): cumulative sums and a binary search per draw.
 */
export class WeightedSampler {
  private readonly cdf: Float64Array;

  constructor(
    weights: ArrayLike<number>,
    private readonly rng: Rng,
  ) {
    this.cdf = new Float64Array(weights.length);
    let acc = 0;
    for (let i = 0; i < weights.length; i++) {
      const w = weights[i];
      if (!(w >= 0) || !Number.isFinite(w)) throw new Error(`sampling weight ${w} of example ${i} is not a finite non-negative number`);
      acc += w;
      this.cdf[i] = acc;
    }
    if (!(acc > 0)) throw new Error('all sampling weights are zero');
  }

  sample(n: number): Int32Array {
    const out = new Int32Array(n);
    const total = this.cdf[this.cdf.length - 1];
    for (let j = 0; j < n; j++) {
      const u = this.rng.next() * total;
      let lo = 0;
      let hi = this.cdf.length - 1;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (this.cdf[mid] > u) hi = mid;
        else lo = mid + 1;
      }
      out[j] = lo;
    }
    return out;
  }
}

/** Per-example weights: `up` where `flag` is set, 1 elsewhere. */
export function upweights(flag: Uint8Array, up: number): Float32Array {
  return Float32Array.from(flag, (f) => (f ? up : 1));
}
