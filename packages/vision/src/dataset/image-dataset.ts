import { tf, type Batch, type BatchOptions, type Dataset, type SplitName } from '@zoo/core';
import { cropFlip } from './augment';
import type { ImageDatasetMeta, ImageShape, ImageSplit, Normalization, CropFlipAugmentation } from './image-meta';

/** Images NHWC, int32 labels, and the examples' indices into their split (for mining, attributes). */
export interface ImageBatch extends Batch {
  x: tf.Tensor4D;
  labels: tf.Tensor1D;
  index: Int32Array;
  /** Frees the batch's tensors (a no-op for a cached whole-split batch, which the dataset owns). */
  dispose(): void;
}

export interface ImageDatasetOptions {
  /** Per-channel x ← (x − mean_c) / std_c after scaling to [0, 1] (torchvision's `T.Normalize`). */
  normalize?: Normalization;
  /** Training-batch augmentation, applied by `batchAt(split, index, true)`. */
  augment?: CropFlipAugmentation;
  /**
   * Examples per batch when `batches()` is given no size. Unset: the whole split in one batch, kept
   * (cached) when unshuffled, as core's `BatchOptions` reads an unset size.
   */
  defaultBatchSize?: number;
  /** Per-example attributes every split must carry (e.g. `['bias']`). */
  attributes?: readonly string[];
}

/**
 * In-memory image classification data: per split NHWC pixels (float32 used as they are, or uint8
 * scaled by 1/255 when batched), int32 labels and optional per-example integer attributes. A batch of
 * the examples `index` is x[i] = normalize(scale · images[index[i]]), then, when asked for and
 * configured, a seeded random crop + flip per image. Tensors are made per batch.
 */
export class ImageDataset implements Dataset<ImageBatch> {
  readonly meta: ImageDatasetMeta;
  private readonly per: number;
  private readonly cached = new Map<SplitName, ImageBatch>();

  constructor(
    readonly id: string,
    readonly shape: ImageShape,
    readonly splits: Readonly<Record<SplitName, ImageSplit>>,
    numClasses: number,
    source: ImageDatasetMeta['source'],
    path?: string,
    private readonly options: ImageDatasetOptions = {},
  ) {
    this.per = shape[0] * shape[1] * shape[2];
    const names = options.attributes ?? [];
    for (const [name, s] of Object.entries(splits)) {
      if (s.images.length !== s.labels.length * this.per) throw new Error(`${id}/${name}: ${s.images.length} pixel values for ${s.labels.length} images of ${shape.join('×')}`);
      for (const a of names) {
        const values = s.attributes?.[a];
        if (!values) throw new Error(`${id}/${name}: no '${a}' attribute`);
        if (values.length !== s.labels.length) throw new Error(`${id}/${name}: ${values.length} ${a} labels for ${s.labels.length} images`);
      }
    }
    const { normalize } = options;
    if (normalize && (normalize.mean.length !== shape[2] || normalize.std.length !== shape[2])) throw new Error(`${id}: normalization needs ${shape[2]} means and stds, one per channel`);
    this.meta = {
      task: 'classification',
      numClasses,
      numFeatures: this.per,
      imageShape: shape,
      storage: splits.train.images instanceof Uint8Array ? 'uint8' : 'float32',
      normalization: normalize,
      attributes: [...names],
      source,
      path,
      sizes: { train: splits.train.labels.length, val: splits.val.labels.length, test: splits.test.labels.length },
    };
  }

  size(split: SplitName): number {
    return this.splits[split].labels.length;
  }

  /** Whether training batches get augmented (`batchAt(split, index, true)`). */
  get augments(): boolean {
    return !!this.options.augment;
  }

  /** One per-example attribute of a split (one value per image). */
  attribute(split: SplitName, name: string): Int32Array {
    const values = this.splits[split].attributes?.[name];
    if (!values) throw new Error(`${this.id}/${split} has no '${name}' attribute (it has: ${this.meta.attributes.join(', ') || 'none'})`);
    return values;
  }

  /** The examples at `index` of a split as one batch; `augment` applies the dataset's training augmentation, if any. */
  batchAt(split: SplitName, index: Int32Array, augment = false): ImageBatch {
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
    const { normalize, augment: aug } = this.options;
    if (normalize) {
      const C = this.shape[2];
      for (let j = 0; j < px.length; j++) px[j] = (px[j] - normalize.mean[j % C]) / normalize.std[j % C];
    }
    if (augment && aug) for (let i = 0; i < index.length; i++) cropFlip(px.subarray(i * per, (i + 1) * per), this.shape, aug.pad, aug.flip, aug.rng);
    const x = tf.tensor4d(px, [index.length, ...this.shape]);
    const labels = tf.tensor1d(lb, 'int32');
    return { x, labels, index, dispose: () => tf.dispose([x, labels]) };
  }

  /** In order (or shuffled with `opts.shuffle`), in batches of `opts.batchSize` (else `defaultBatchSize`, else the whole split). */
  *batches(split: SplitName, opts: BatchOptions = {}): Iterable<ImageBatch> {
    const n = this.size(split);
    const def = this.options.defaultBatchSize;
    if (def === undefined && !opts.shuffle && (!opts.batchSize || opts.batchSize >= n)) {
      yield this.wholeSplit(split);
      return;
    }
    const order = Int32Array.from({ length: n }, (_, i) => i);
    if (opts.shuffle) opts.shuffle.shuffle(order);
    const bs = Math.max(1, Math.min(opts.batchSize ?? def ?? n, n));
    for (let start = 0; start < n; start += bs) yield this.batchAt(split, order.slice(start, start + bs));
  }

  private wholeSplit(split: SplitName): ImageBatch {
    let b = this.cached.get(split);
    if (!b) {
      const made = this.batchAt(split, Int32Array.from({ length: this.size(split) }, (_, i) => i));
      b = { x: tf.keep(made.x), labels: tf.keep(made.labels), index: made.index, dispose: () => {} };
      this.cached.set(split, b);
    }
    return b;
  }

  /** Frees the cached whole-split batches (the pixel arrays stay: the dataset can be batched again). */
  dispose(): void {
    for (const b of this.cached.values()) tf.dispose([b.x, b.labels]);
    this.cached.clear();
  }
}

/** The images, labels and attributes at `idx` (`per` values per image). */
export function subset(split: ImageSplit, per: number, idx: Int32Array): ImageSplit {
  const out = split.images instanceof Uint8Array ? new Uint8Array(idx.length * per) : new Float32Array(idx.length * per);
  idx.forEach((k, i) => out.set(split.images.subarray(k * per, (k + 1) * per), i * per));
  const attributes = split.attributes ? Object.fromEntries(Object.entries(split.attributes).map(([a, v]) => [a, idx.map((k) => v[k])])) : undefined;
  return { images: out, labels: idx.map((k) => split.labels[k]), ...(attributes ? { attributes } : {}) };
}
