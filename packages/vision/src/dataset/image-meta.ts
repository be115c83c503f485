import type { DatasetMeta, Rng } from '@zoo/core';

/**
 * The typed description of an image dataset: what models read instead of casting `meta.imageShape`.
 * Shapes: images are NHWC, `imageShape` = [H, W, C], `numFeatures` = H·W·C.
 */
export type ImageShape = [number, number, number];

export interface ImageSplit {
  /** NHWC pixels: floats in [0, 1] (used as they are), or bytes 0..255 (scaled by 1/255 when batched). */
  images: Float32Array | Uint8Array;
  labels: Int32Array;
  /** Per-example integer attributes (e.g. a bias label), one value per image. */
  attributes?: Readonly<Record<string, Int32Array>>;
}

/** Per-channel normalization x ← (x − mean_c) / std_c. */
export interface Normalization {
  mean: readonly number[];
  std: readonly number[];
}

/** torchvision's RandomCrop(size, padding = pad) then (with `flip`) RandomHorizontalFlip, drawn from `rng`. */
export interface CropFlipAugmentation {
  pad: number;
  flip: boolean;
  rng: Rng;
}

export interface ImageDatasetMeta extends DatasetMeta {
  task: 'classification';
  numFeatures: number;
  imageShape: ImageShape;
  /** How the pixels are held in memory. */
  storage: 'float32' | 'uint8';
  normalization?: Normalization;
  /** The per-example attributes every split carries. */
  attributes: string[];
}

/** The [H, W, C] of an image dataset's meta, or undefined when the meta has none (not an image dataset). */
export function imageShapeOf(meta: DatasetMeta): ImageShape | undefined {
  const s = meta.imageShape;
  if (!Array.isArray(s) || s.length !== 3 || !s.every((d) => Number.isInteger(d) && d > 0)) return undefined;
  return [s[0], s[1], s[2]];
}

/** As `imageShapeOf`, but a meta without an image shape is an error naming the model that needs one. */
export function requireImageShape(dataset: { id: string; meta: DatasetMeta }, who: string): ImageShape {
  const s = imageShapeOf(dataset.meta);
  if (!s) throw new Error(`${who} needs an image dataset (H×W×C); '${dataset.id}' has no imageShape`);
  return s;
}
