import type { Rng } from '@zoo/core';

/**
 * mmaction2's per-clip transforms on a clip [T, H, W, C] of float32 (the same crop / flip for every frame):
 *   Resize(scale = (−1, s))  short side → s, the other ⌊side·s/short + ½⌋ (mmcv's rescale_size)
 *   RandomResizedCrop       area fraction a ~ U(0.08, 1), aspect r = exp(U(ln ¾, ln 4/3)),
 *                           w = round(√(a·r)·W), h = round(√(a/r)·H); up to 10 tries for one that fits,
 *                           at a uniform position; else the centre square of side min(H, W)
 *   CenterCrop              top = ⌊(H − h)/2⌋, left = ⌊(W − w)/2⌋
 *   Flip                    x → W − 1 − x; the label through `flipLabelMap` (Something-Something's
 *                           left/right classes, mmaction2's `flip_label_map`)
 *   Normalize               x_c ← (x_c − mean_c) / std_c
 * Resizing is bilinear with half-pixel centres (as `@zoo/vision`'s resizeRgb, without antialiasing), so a crop
 * and its resize are one pass: out(y, x) samples the crop box at ((y + ½)·h/oh − ½, (x + ½)·w/ow − ½).
 */
export interface Clip {
  data: Float32Array;
  frames: number;
  height: number;
  width: number;
  channels: number;
}

export interface Box {
  top: number;
  left: number;
  height: number;
  width: number;
}

/** mmaction2's flip_label_map for Something-Something V2 (left ↔ right classes). */
export const SSV2_FLIP_LABEL_MAP: Readonly<Record<number, number>> = { 86: 87, 87: 86, 93: 94, 94: 93, 166: 167, 167: 166 };
/** mmaction2's flip_label_map for Something-Something V1. */
export const SSV1_FLIP_LABEL_MAP: Readonly<Record<number, number>> = { 2: 4, 4: 2, 30: 41, 41: 30, 52: 66, 66: 52 };

/** A clip of frames of bytes (RGB / grey) as float32 in 0..255. */
export function clipFromBytes(bytes: Uint8Array, frames: number, height: number, width: number, channels: number): Clip {
  if (bytes.length !== frames * height * width * channels) throw new Error(`clipFromBytes: ${bytes.length} bytes for ${frames}×${height}×${width}×${channels}`);
  return { data: Float32Array.from(bytes), frames, height, width, channels };
}

/** The box's pixels resized bilinearly to oh × ow, for every frame. */
export function cropResize(clip: Clip, box: Box, oh: number, ow: number): Clip {
  const { frames: T, height: H, width: W, channels: C, data } = clip;
  if (box.top < 0 || box.left < 0 || box.height < 1 || box.width < 1 || box.top + box.height > H || box.left + box.width > W) {
    throw new RangeError(`cropResize: box ${JSON.stringify(box)} is not inside ${H}×${W}`);
  }
  const out = new Float32Array(T * oh * ow * C);
  // per output column / row: the two source columns / rows and the weight of the second
  const axis = (n: number, start: number, len: number) => {
    const i0 = new Int32Array(n);
    const i1 = new Int32Array(n);
    const w = new Float32Array(n);
    for (let o = 0; o < n; o++) {
      const f = Math.min(Math.max((o + 0.5) * (len / n) - 0.5, 0), len - 1);
      const a = Math.floor(f);
      i0[o] = start + a;
      i1[o] = start + Math.min(a + 1, len - 1);
      w[o] = f - a;
    }
    return { i0, i1, w };
  };
  const ys = axis(oh, box.top, box.height);
  const xs = axis(ow, box.left, box.width);
  const frame = H * W * C;
  for (let t = 0; t < T; t++) {
    const src = t * frame;
    let o = t * oh * ow * C;
    for (let y = 0; y < oh; y++) {
      const r0 = src + ys.i0[y] * W * C;
      const r1 = src + ys.i1[y] * W * C;
      const dy = ys.w[y];
      for (let x = 0; x < ow; x++) {
        const c0 = xs.i0[x] * C;
        const c1 = xs.i1[x] * C;
        const dx = xs.w[x];
        for (let c = 0; c < C; c++) {
          const a = data[r0 + c0 + c] * (1 - dx) + data[r0 + c1 + c] * dx;
          const b = data[r1 + c0 + c] * (1 - dx) + data[r1 + c1 + c] * dx;
          out[o++] = a * (1 - dy) + b * dy;
        }
      }
    }
  }
  return { data: out, frames: T, height: oh, width: ow, channels: C };
}

/** The size after mmaction2's Resize(scale = (−1, short)): the short side becomes `short`. */
export function shortSideSize(height: number, width: number, short: number): [number, number] {
  if (height <= width) return [short, Math.max(1, Math.floor((width * short) / height + 0.5))];
  return [Math.max(1, Math.floor((height * short) / width + 0.5)), short];
}

export function resizeShortSide(clip: Clip, short: number): Clip {
  const [h, w] = shortSideSize(clip.height, clip.width, short);
  if (h === clip.height && w === clip.width) return clip;
  return cropResize(clip, { top: 0, left: 0, height: clip.height, width: clip.width }, h, w);
}

/** mmaction2's CenterCrop box (a crop bigger than the frame is clipped to it). */
export function centerCropBox(height: number, width: number, ch: number, cw: number): Box {
  const h = Math.min(ch, height);
  const w = Math.min(cw, width);
  return { top: Math.floor((height - h) / 2), left: Math.floor((width - w) / 2), height: h, width: w };
}

export interface RandomResizedCropOptions {
  area?: [number, number];
  aspectRatio?: [number, number];
  maxAttempts?: number;
}

/** mmaction2's RandomResizedCrop box, drawn from `rng`. */
export function randomResizedCropBox(height: number, width: number, rng: Rng, opts: RandomResizedCropOptions = {}): Box {
  const [a0, a1] = opts.area ?? [0.08, 1];
  const [r0, r1] = opts.aspectRatio ?? [3 / 4, 4 / 3];
  const tries = opts.maxAttempts ?? 10;
  for (let i = 0; i < tries; i++) {
    const area = a0 + (a1 - a0) * rng.next();
    const ratio = Math.exp(Math.log(r0) + (Math.log(r1) - Math.log(r0)) * rng.next());
    const w = Math.round(Math.sqrt(area * ratio) * width);
    const h = Math.round(Math.sqrt(area / ratio) * height);
    if (w >= 1 && h >= 1 && w <= width && h <= height) return { top: rng.int(height - h + 1), left: rng.int(width - w + 1), height: h, width: w };
  }
  const s = Math.min(height, width);
  return centerCropBox(height, width, s, s);
}

/** Horizontal flip of every frame, in place. */
export function flipClip(clip: Clip): Clip {
  const { frames: T, height: H, width: W, channels: C, data } = clip;
  for (let t = 0; t < T; t++) {
    for (let y = 0; y < H; y++) {
      const row = (t * H + y) * W * C;
      for (let x = 0; x < W >> 1; x++) {
        const a = row + x * C;
        const b = row + (W - 1 - x) * C;
        for (let c = 0; c < C; c++) {
          const v = data[a + c];
          data[a + c] = data[b + c];
          data[b + c] = v;
        }
      }
    }
  }
  return clip;
}

/** The label of a flipped clip (mmaction2's flip_label_map; unmapped labels stay). */
export function flipLabel(label: number, map?: Readonly<Record<number, number>>): number {
  return map?.[label] ?? label;
}

/** Per-channel (x − mean_c) / std_c, in place. */
export function normalizeClip(clip: Clip, mean: readonly number[], std: readonly number[]): Clip {
  const C = clip.channels;
  if (mean.length !== C || std.length !== C) throw new Error(`normalizeClip: ${mean.length} means and ${std.length} stds for ${C} channels`);
  const d = clip.data;
  for (let i = 0; i < d.length; i++) d[i] = (d[i] - mean[i % C]) / std[i % C];
  return clip;
}

/** The training / testing pipeline of a clip (MVFNet's configs: short side 256, crop 224, flip, normalize). */
export interface ClipPipeline {
  /** output side (square crops) */
  size: number;
  /** Resize(−1, shortSide) first (both modes) */
  shortSide?: number;
  /** RandomResizedCrop's ranges (training) */
  crop?: RandomResizedCropOptions;
  /** horizontal flip with probability ½ (training) */
  flip?: boolean;
  flipLabelMap?: Readonly<Record<number, number>>;
  /** in the clip's units (0..255 for decoded frames: mmaction2's [123.675, 116.28, 103.53] / [58.395, 57.12, 57.375]) */
  mean?: readonly number[];
  std?: readonly number[];
}

/**
 * One clip through the pipeline: train = random resized crop → size² (+ flip), test = centre crop of
 * the short side resized to size. Returns the clip and its (possibly flipped) labels.
 */
export function applyPipeline(clip: Clip, labels: readonly number[], p: ClipPipeline, train: boolean, rng?: Rng): { clip: Clip; labels: number[] } {
  let c = p.shortSide ? resizeShortSide(clip, p.shortSide) : clip;
  let out = [...labels];
  if (train) {
    if (!rng) throw new Error('applyPipeline: training augmentation needs an Rng');
    c = cropResize(c, randomResizedCropBox(c.height, c.width, rng, p.crop), p.size, p.size);
    if (p.flip && rng.next() < 0.5) {
      flipClip(c);
      out = out.map((l) => flipLabel(l, p.flipLabelMap));
    }
  } else {
    if (Math.min(c.height, c.width) < p.size) c = resizeShortSide(c, p.size);
    c = cropResize(c, centerCropBox(c.height, c.width, p.size, p.size), p.size, p.size);
  }
  if (p.mean && p.std) normalizeClip(c, p.mean, p.std);
  return { clip: c, labels: out };
}
