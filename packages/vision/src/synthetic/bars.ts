import type { Rng } from '@zoo/core';

/**
 * Synthetic grey "bar" images for smoke tiers: class k is one bright bar (a band of `width` rows or
 * columns starting at `at`), every pixel drawn as
 *   x(r, c) = clip(on·[(r, c) in the bar] + off·[otherwise] + noise·ε,  0, 1),   ε ~ N(0, 1),
 * images in label order, pixels row-major (one normal draw per pixel, in that order). Shape N·size².
 * Two placements of the bars: `alternatingBars` (plugin-snn's `bars`) and `fiveOffsetBars` (plugin-debias).
 */
export interface Bar {
  horizontal: boolean;
  /** First row (horizontal) or column (vertical) of the bar. */
  at: number;
  width: number;
}

/** Where class k's bar lies. */
export type BarPlacement = (k: number) => Bar;

export interface BarLevels {
  on: number;
  off: number;
  noise: number;
}

/** Even classes horizontal, odd vertical, one pixel wide, at ⌊(⌊k/2⌋ + ½)·size / ⌈classes/2⌉⌋. */
export function alternatingBars(classes: number, size: number): BarPlacement {
  return (k) => ({ horizontal: k % 2 === 0, at: Math.floor(((Math.floor(k / 2) + 0.5) * size) / Math.ceil(classes / 2)), width: 1 });
}

/** Ten classes: k < 5 horizontal, else vertical, two pixels wide, at the 5 offsets round((k mod 5)·(size − 2)/4). */
export function fiveOffsetBars(size: number): BarPlacement {
  return (k) => ({ horizontal: k < 5, at: Math.round(((k % 5) * (size - 2)) / 4), width: 2 });
}

/** Bar images for `labels` (N·size·size in [0, 1]). */
export function barImages(labels: ArrayLike<number>, rng: Rng, size: number, placement: BarPlacement, levels: BarLevels): Float32Array {
  const px = size * size;
  const out = new Float32Array(labels.length * px);
  for (let i = 0; i < labels.length; i++) {
    const { horizontal, at, width } = placement(labels[i]);
    for (let r = 0; r < size; r++) {
      for (let c = 0; c < size; c++) {
        const p = horizontal ? r : c;
        const on = p >= at && p < at + width;
        out[i * px + r * size + c] = Math.min(1, Math.max(0, (on ? levels.on : levels.off) + levels.noise * rng.normal()));
      }
    }
  }
  return out;
}
