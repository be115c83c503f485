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
export interface ImagePipeline {
  /** Per-channel normalization after scaling to [0, 1] (the code's `T.Normalize`). */
  normalize?: { mean: [number, number, number]; std: [number, number, number] };
  /** Training-batch augmentation: random crop after zero padding by `pad` pixels, horizontal flips. */
  augment?: { pad: number; flip: boolean; rng: Rng };
}

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
    private readonly pipeline: ImagePipeline = {},
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

  /** Whether training batches get augmented (`batchAt(split, index, true)`). */
  get augments(): boolean {
    return !!this.pipeline.augment;
  }

  /** 1 where the example is bias-conflicting (label ≠ bias attribute). */
  conflicting(split: SplitName): Uint8Array {
    const s = this.splits[split];
    return Uint8Array.from(s.labels, (l, i) => (l !== s.bias[i] ? 1 : 0));
  }

  /**
   * The examples at `index` of a split, as one batch: bytes scaled to [0, 1], then normalized if the
   * dataset says so; with `augment`, the dataset's training augmentation (if any) applied per image.
   */
  batchAt(split: SplitName, index: Int32Array, augment = false): BiasedBatch {
    const s = this.splits[split];
    const per = this.per;
    const px = new Float32Array(index.length * per);
    const lb = new Int32Array(index.length);
    const scale = s.images instanceof Uint8Array ? 1 / 255 : 1;
    index.forEach((k, i) => {
      const src = s.images.subarray(k * per, (k + 1) * per);
      const dst = px.subarray(i * per, (i + 1) * per);
      if (scale === 1) dst.set(src);
      else for (let j = 0; j < per; j++) dst[j] = src[j] * scale;
      lb[i] = s.labels[k];
    });
    const { normalize, augment: aug } = this.pipeline;
    if (normalize) {
      const C = this.shape[2];
      for (let j = 0; j < px.length; j++) px[j] = (px[j] - normalize.mean[j % C]) / normalize.std[j % C];
    }
    if (augment && aug) for (let i = 0; i < index.length; i++) cropFlip(px.subarray(i * per, (i + 1) * per), this.shape, aug.pad, aug.flip, aug.rng);
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

/** In place: random crop of an [H, W, C] image zero-padded by `pad` (torchvision's RandomCrop(size, padding)), then a flip with probability ½. */
export function cropFlip(img: Float32Array, [H, W, C]: [number, number, number], pad: number, flip: boolean, rng: Rng): void {
  const dy = rng.int(2 * pad + 1) - pad;
  const dx = rng.int(2 * pad + 1) - pad;
  const mirror = flip && rng.next() < 0.5;
  if (dy === 0 && dx === 0 && !mirror) return;
  const src = img.slice();
  for (let y = 0; y < H; y++) {
    const sy = y + dy;
    for (let x = 0; x < W; x++) {
      const sx = (mirror ? W - 1 - x : x) + dx;
      const o = (y * W + x) * C;
      if (sy < 0 || sy >= H || sx < 0 || sx >= W) for (let c = 0; c < C; c++) img[o + c] = 0;
      else for (let c = 0; c < C; c++) img[o + c] = src[(sy * W + sx) * C + c];
    }
  }
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
