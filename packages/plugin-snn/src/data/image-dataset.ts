import { tf, type Batch, type BatchOptions, type Dataset, type DatasetMeta, type SplitName } from '@zoo/core';

/** Images NHWC in [0, 1] with int32 labels. */
export interface ImageBatch extends Batch {
  x: tf.Tensor4D;
  labels: tf.Tensor1D;
  dispose?: () => void;
}

export interface ImageSplit {
  images: Float32Array;
  labels: Int32Array;
}

/**
 * In-memory image classification data: typed arrays per split, tensors made per batch (full-split
 * batches of val/test are cached). Pixel values stay in [0, 1], which the TTFS input coding t = 1 − x needs.
 */
export class ImageDataset implements Dataset<ImageBatch> {
  readonly meta: DatasetMeta;
  private readonly cached = new Map<SplitName, ImageBatch>();

  constructor(
    readonly id: string,
    readonly shape: [number, number, number],
    readonly splits: Record<SplitName, ImageSplit>,
    numClasses: number,
    source: DatasetMeta['source'],
    path?: string,
  ) {
    const per = shape[0] * shape[1] * shape[2];
    for (const [name, s] of Object.entries(splits)) {
      if (s.images.length !== s.labels.length * per) throw new Error(`${id}/${name}: ${s.images.length} pixel values for ${s.labels.length} images of ${shape.join('×')}`);
    }
    this.meta = {
      task: 'classification',
      numClasses,
      numFeatures: per,
      imageShape: shape,
      source,
      path,
      sizes: { train: splits.train.labels.length, val: splits.val.labels.length, test: splits.test.labels.length },
    };
  }

  *batches(split: SplitName, opts: BatchOptions = {}): Iterable<ImageBatch> {
    const s = this.splits[split];
    const n = s.labels.length;
    const per = this.shape[0] * this.shape[1] * this.shape[2];
    if (!opts.batchSize || opts.batchSize >= n) {
      if (!opts.shuffle) {
        let b = this.cached.get(split);
        if (!b) {
          b = { x: tf.keep(tf.tensor4d(s.images, [n, ...this.shape])), labels: tf.keep(tf.tensor1d(s.labels, 'int32')) };
          this.cached.set(split, b);
        }
        yield b;
        return;
      }
    }
    const bs = Math.min(opts.batchSize ?? n, n);
    const order = Int32Array.from({ length: n }, (_, i) => i);
    if (opts.shuffle) opts.shuffle.shuffle(order);
    for (let start = 0; start < n; start += bs) {
      const idx = order.subarray(start, start + bs);
      const px = new Float32Array(idx.length * per);
      const lb = new Int32Array(idx.length);
      idx.forEach((k, i) => {
        px.set(s.images.subarray(k * per, (k + 1) * per), i * per);
        lb[i] = s.labels[k];
      });
      const x = tf.tensor4d(px, [idx.length, ...this.shape]);
      const labels = tf.tensor1d(lb, 'int32');
      yield { x, labels, dispose: () => tf.dispose([x, labels]) };
    }
  }

  dispose(): void {
    for (const b of this.cached.values()) tf.dispose([b.x, b.labels]);
    this.cached.clear();
  }
}

/** The images/labels at `idx`. */
export function subset(images: Float32Array, labels: Int32Array, per: number, idx: Int32Array): ImageSplit {
  const out = new Float32Array(idx.length * per);
  idx.forEach((k, i) => out.set(images.subarray(k * per, (k + 1) * per), i * per));
  return { images: out, labels: idx.map((k) => labels[k]) };
}
