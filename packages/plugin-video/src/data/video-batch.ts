import type { Batch, DatasetMeta, tf } from '@zoo/core';

/**
 * What the video models consume and the video datasets produce.
 *   clips  [B, T, H, W, C] float32, normalized (per-channel mean/std, mmaction2's `Normalize`), frames in time order
 *   labels [B] int32 class ids (single-label datasets), or [B, classes] float32 multi-hot (multi-label lists)
 * A model reshapes clips to frames [B·T, H, W, C] (mmaction2's Recognizer2D) and averages the per-frame scores
 * over the T segments (TSN's average consensus).
 */
export interface VideoBatch extends Batch {
  clips: tf.Tensor5D;
  labels: tf.Tensor;
  dispose(): void;
}

/** A video dataset's meta: the clip shape every batch has (T frames of H×W×C) and, where classes pair up, the twins. */
export interface VideoDatasetMeta extends DatasetMeta {
  frames: number;
  height: number;
  width: number;
  channels: number;
  /**
   * `twins[k]` is the class whose clips hold the same frames as class k's in reverse order (Moving Fashion-MNIST:
   * left ↔ right, …); a frame-order-blind model is at chance between k and twins[k]. Absent when classes do not pair.
   */
  twins?: readonly number[];
}

/** The clip shape of a video dataset, or an error naming the dataset when its meta lacks one. */
export function clipShapeOf(meta: DatasetMeta, id = 'dataset'): { frames: number; height: number; width: number; channels: number } {
  const m = meta as Partial<VideoDatasetMeta>;
  for (const k of ['frames', 'height', 'width', 'channels'] as const) {
    if (!Number.isInteger(m[k]) || (m[k] as number) < 1) throw new Error(`${id}: not a video dataset (meta.${k} is ${String(m[k])}, expected a positive integer)`);
  }
  return { frames: m.frames!, height: m.height!, width: m.width!, channels: m.channels! };
}
