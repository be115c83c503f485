import { tf, type BatchOptions, type Dataset, type Rng, type SplitName } from '@zoo/core';
import type { Normalization } from '@zoo/vision';
import type { VideoRecord } from './annotation-list';
import { applyPipeline, clipFromBytes, type ClipPipeline } from './clip-transforms';
import { sampleFrames, type SampleFramesSpec } from './frame-sampling';
import type { VideoBatch, VideoDatasetMeta } from './video-batch';

/**
 * Video datasets on core's Dataset contract: `batches(split, {batchSize, shuffle})` yields VideoBatch
 * `{clips [B, T, H, W, C] float32, labels int32 [B] (or [B, classes] multi-hot), dispose}`; tensors are made
 * per batch and freed by `dispose()`.
 *   InMemoryVideoDataset  clips held as bytes (scaled by 1/255, then normalized) or floats (Moving Fashion-MNIST)
 *   LazyVideoDataset      records read per batch through a ClipSource (rawframes, ffmpeg): a training pass
 *                         (split 'train' with a shuffle Rng) samples frames at random and augments (the
 *                         dataset's own forked Rng); every other pass samples segment centres and centre-crops,
 *                         so evaluation is deterministic
 */
export interface VideoSplit {
  /** [N, T, H, W, C] bytes 0..255 or floats */
  clips: Uint8Array | Float32Array;
  labels: Int32Array;
}

interface Shape {
  frames: number;
  height: number;
  width: number;
  channels: number;
}

/** The example order and batch size of a pass (`opts.batchSize`, else `def`, else the whole split). */
function order(n: number, opts: BatchOptions, def?: number): { idx: Int32Array; bs: number } {
  const idx = Int32Array.from({ length: n }, (_, i) => i);
  if (opts.shuffle) opts.shuffle.shuffle(idx);
  return { idx, bs: Math.max(1, Math.min(opts.batchSize ?? def ?? n, Math.max(n, 1))) };
}

function batch(clips: Float32Array, shape: Shape, labels: tf.Tensor): VideoBatch {
  const B = clips.length / (shape.frames * shape.height * shape.width * shape.channels);
  const x = tf.tensor5d(clips, [B, shape.frames, shape.height, shape.width, shape.channels]);
  return { clips: x, labels, dispose: () => tf.dispose([x, labels]) };
}

export class InMemoryVideoDataset implements Dataset<VideoBatch> {
  readonly meta: VideoDatasetMeta;
  private readonly per: number;

  constructor(
    readonly id: string,
    readonly shape: Shape,
    readonly splits: Readonly<Record<SplitName, VideoSplit>>,
    numClasses: number,
    private readonly extra: {
      source: VideoDatasetMeta['source'];
      path?: string;
      twins?: readonly number[];
      classNames?: readonly string[];
      normalize?: Normalization;
      /** clips per batch when `batches()` is given no size (default: the whole split) */
      defaultBatchSize?: number;
    },
  ) {
    this.per = shape.frames * shape.height * shape.width * shape.channels;
    for (const [name, s] of Object.entries(splits)) {
      if (s.clips.length !== s.labels.length * this.per) throw new Error(`${id}/${name}: ${s.clips.length} values for ${s.labels.length} clips of ${Object.values(shape).join('×')}`);
    }
    const n = extra.normalize;
    if (n && (n.mean.length !== shape.channels || n.std.length !== shape.channels)) throw new Error(`${id}: normalization needs ${shape.channels} means and stds`);
    this.meta = {
      task: 'classification',
      numClasses,
      numFeatures: this.per,
      ...shape,
      ...(extra.twins ? { twins: extra.twins } : {}),
      ...(extra.classNames ? { classNames: extra.classNames } : {}),
      ...(n ? { normalization: n } : {}),
      source: extra.source,
      path: extra.path,
      sizes: { train: splits.train.labels.length, val: splits.val.labels.length, test: splits.test.labels.length },
    };
  }

  /** The clips at `index` of a split as one batch. */
  batchAt(split: SplitName, index: Int32Array): VideoBatch {
    const s = this.splits[split];
    const per = this.per;
    const out = new Float32Array(index.length * per);
    const scale = s.clips instanceof Uint8Array ? 1 / 255 : 1;
    const n = this.meta.normalization as Normalization | undefined;
    const C = this.shape.channels;
    index.forEach((k, i) => {
      const src = s.clips.subarray(k * per, (k + 1) * per);
      const o = i * per;
      for (let j = 0; j < per; j++) {
        const v = src[j] * scale;
        out[o + j] = n ? (v - n.mean[j % C]) / n.std[j % C] : v;
      }
    });
    return batch(out, this.shape, tf.tensor1d(Int32Array.from(index, (k) => s.labels[k]), 'int32'));
  }

  *batches(split: SplitName, opts: BatchOptions = {}): Iterable<VideoBatch> {
    const n = this.splits[split].labels.length;
    const { idx, bs } = order(n, opts, this.extra.defaultBatchSize);
    for (let start = 0; start < n; start += bs) yield this.batchAt(split, idx.slice(start, start + bs));
  }

  dispose(): void {}
}

/** Where a lazy dataset's frames come from: a frame count per record and the frames at some indices, as bytes. */
export interface ClipSource {
  totalFrames(rec: VideoRecord): number;
  /** frames `indices` as [T, h, w, channels] bytes */
  read(rec: VideoRecord, indices: Int32Array): { data: Uint8Array; frames: number; height: number; width: number };
  readonly channels: number;
}

export interface LazyVideoOptions {
  numClasses: number;
  sampling: SampleFramesSpec;
  pipeline: ClipPipeline;
  /** drives training sampling and augmentation (fork it from the run's data Rng) */
  rng: Rng;
  multiLabel?: boolean;
  source: VideoDatasetMeta['source'];
  path?: string;
  classNames?: readonly string[];
  /** clips per batch when `batches()` is given no size (default 8: an evaluation pass reads and holds one batch at a time) */
  defaultBatchSize?: number;
}

export class LazyVideoDataset implements Dataset<VideoBatch> {
  readonly meta: VideoDatasetMeta;
  private readonly shape: Shape;

  constructor(
    readonly id: string,
    readonly splits: Readonly<Record<SplitName, readonly VideoRecord[]>>,
    readonly source: ClipSource,
    private readonly opts: LazyVideoOptions,
  ) {
    const { sampling: s, pipeline: p } = opts;
    this.shape = { frames: s.clipLen * s.numClips, height: p.size, width: p.size, channels: source.channels };
    for (const [name, recs] of Object.entries(splits)) {
      for (const r of recs) {
        if (r.labels.length === 0 && name !== 'test') throw new Error(`${id}/${name}: ${r.where} has no label`);
        if (r.labels.some((l) => l >= opts.numClasses)) throw new Error(`${id}/${name}: ${r.where}: label out of range (${opts.numClasses} classes)`);
      }
    }
    this.meta = {
      task: opts.multiLabel ? 'multilabel' : 'classification',
      numClasses: opts.numClasses,
      numFeatures: this.shape.frames * p.size * p.size * source.channels,
      ...this.shape,
      ...(opts.classNames ? { classNames: opts.classNames } : {}),
      source: opts.source,
      path: opts.path,
      sizes: { train: splits.train.length, val: splits.val.length, test: splits.test.length },
    } as VideoDatasetMeta;
  }

  /** One record's clip: sampled, transformed; `train` draws from the dataset's Rng. */
  clip(rec: VideoRecord, train: boolean): { data: Float32Array; labels: number[] } {
    const n = this.source.totalFrames(rec);
    const rng = train ? this.opts.rng : undefined;
    const inds = sampleFrames(n, this.opts.sampling, train ? 'train' : 'test', rng);
    const raw = this.source.read(rec, inds);
    const c = clipFromBytes(raw.data, raw.frames, raw.height, raw.width, this.source.channels);
    const out = applyPipeline(c, rec.labels, this.opts.pipeline, train, rng);
    return { data: out.clip.data, labels: out.labels };
  }

  batchAt(split: SplitName, index: Int32Array, train = false): VideoBatch {
    const recs = this.splits[split];
    const per = this.meta.numFeatures!;
    const out = new Float32Array(index.length * per);
    const K = this.opts.numClasses;
    const lab = this.opts.multiLabel ? new Float32Array(index.length * K) : new Int32Array(index.length);
    index.forEach((k, i) => {
      const c = this.clip(recs[k], train);
      out.set(c.data, i * per);
      if (this.opts.multiLabel) for (const l of c.labels) lab[i * K + l] = 1;
      else lab[i] = c.labels[0] ?? -1;
    });
    const labels = this.opts.multiLabel ? tf.tensor2d(lab as Float32Array, [index.length, K]) : tf.tensor1d(lab as Int32Array, 'int32');
    return batch(out, this.shape, labels);
  }

  *batches(split: SplitName, opts: BatchOptions = {}): Iterable<VideoBatch> {
    const n = this.splits[split].length;
    const { idx, bs } = order(n, opts, this.opts.defaultBatchSize ?? 8);
    const train = split === 'train' && !!opts.shuffle;
    for (let start = 0; start < n; start += bs) yield this.batchAt(split, idx.slice(start, start + bs), train);
  }

  dispose(): void {}
}
