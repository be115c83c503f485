import { tf, type Batch, type BatchOptions, type Dataset, type DatasetMeta, type Rng, type SplitName } from '@zoo/core';
import type { BiasedSplit } from './colored-mnist';

/** Images NHWC in [0, 1], int32 labels, and the examples' indices into their split (for mining). */
export interface BiasedBatch extends Batch {
  x: tf.Tensor4D;
  labels: tf.Tensor1D;
  index: Int32Array;
  dispose(): void;
}

/**
 * An image dataset with a known bias attribute per example (a colour, a corruption, ...). Training code
 * never reads `bias` (the methods here find conflicting examples without group labels); the metrics
 * use it to split the test accuracy into bias-aligned and bias-conflicting examples.
 */
export class BiasedImageDataset implements Dataset<BiasedBatch> {
  readonly meta: DatasetMeta;
  private readonly per: number;

  constructor(
    readonly id: string,
    readonly shape: [number, number, number],
    readonly splits: Record<SplitName, BiasedSplit>,
    numClasses: number,
    source: DatasetMeta['source'],
    path?: string,
  ) {
    this.per = shape[0] * shape[1] * shape[2];
    for (const [name, s] of Object.entries(splits)) {
      if (s.images.length !== s.labels.length * this.per) throw new Error(`${id}/${name}: ${s.images.length} pixel values for ${s.labels.length} images of ${shape.join('×')}`);
      if (s.bias.length !== s.labels.length) throw new Error(`${id}/${name}: ${s.bias.length} bias labels for ${s.labels.length} images`);
    }
    const conflicting = (s: BiasedSplit) => s.labels.reduce((a, l, i) => a + (l !== s.bias[i] ? 1 : 0), 0);
    this.meta = {
      task: 'classification',
      numClasses,
      numFeatures: this.per,
      imageShape: shape,
      source,
      path,
      sizes: { train: splits.train.labels.length, val: splits.val.labels.length, test: splits.test.labels.length },
      conflicting: { train: conflicting(splits.train), val: conflicting(splits.val), test: conflicting(splits.test) },
    };
  }

  size(split: SplitName): number {
    return this.splits[split].labels.length;
  }

  /** 1 where the example is bias-conflicting (label ≠ bias attribute). */
  conflicting(split: SplitName): Uint8Array {
    const s = this.splits[split];
    return Uint8Array.from(s.labels, (l, i) => (l !== s.bias[i] ? 1 : 0));
  }

  /** The examples at `index` of a split, as one batch. */
  batchAt(split: SplitName, index: Int32Array): BiasedBatch {
    const s = this.splits[split];
    const per = this.per;
    const px = new Float32Array(index.length * per);
    const lb = new Int32Array(index.length);
    index.forEach((k, i) => {
      px.set(s.images.subarray(k * per, (k + 1) * per), i * per);
      lb[i] = s.labels[k];
    });
    const x = tf.tensor4d(px, [index.length, ...this.shape]);
    const labels = tf.tensor1d(lb, 'int32');
    return { x, labels, index, dispose: () => tf.dispose([x, labels]) };
  }

  /** In order (or shuffled with `opts.shuffle`); the whole split in batches of 512 when no size is given. */
  *batches(split: SplitName, opts: BatchOptions = {}): Iterable<BiasedBatch> {
    const n = this.size(split);
    const order = Int32Array.from({ length: n }, (_, i) => i);
    if (opts.shuffle) opts.shuffle.shuffle(order);
    const bs = Math.max(1, Math.min(opts.batchSize ?? 512, n));
    for (let start = 0; start < n; start += bs) yield this.batchAt(split, order.slice(start, start + bs));
  }

  dispose(): void {}
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
