import type { Rng } from '@zoo/core';

/**
 * Colored MNIST as Nam et al. (LfF, NeurIPS 2020) build it and DCWP uses it: the digit strokes (the
 * foreground) are painted with a colour, x_c = clip(μ_c + ε_c, 0, 1) · gray with ε ~ N(0, σ²) per image
 * and channel (σ = 0.005, LfF's severity 4). In the training set each class k gets colour k (bias-aligned)
 * except a fraction ρ of images that get one of the nine other colours uniformly (bias-conflicting);
 * the test set is coloured uniformly at random (unbiased: 10% aligned).
 */

/** Ten well-separated colours, RGB in [0, 1]: colour k is class k's bias colour. */
export const PALETTE: readonly (readonly [number, number, number])[] = [
  [0.9, 0.1, 0.1],
  [0.1, 0.8, 0.1],
  [0.15, 0.3, 0.95],
  [0.95, 0.85, 0.1],
  [0.9, 0.1, 0.9],
  [0.1, 0.9, 0.9],
  [1.0, 0.55, 0.05],
  [0.55, 0.25, 0.95],
  [0.55, 0.95, 0.55],
  [0.6, 0.4, 0.2],
];

/** The conflicting fractions DCWP's CMNIST table uses, in percent. */
export const CONFLICT_PCTS = [0.5, 1, 2, 5] as const;
export type ConflictPct = (typeof CONFLICT_PCTS)[number];

export interface BiasedSplit {
  /** NHWC pixels: floats in [0, 1], or bytes (0..255, scaled when batched). */
  images: Float32Array | Uint8Array;
  labels: Int32Array;
  /** The bias attribute (colour index); `bias[i] !== labels[i]` marks a bias-conflicting example. */
  bias: Int32Array;
}

/** Paints grey images (N·H·W in [0, 1]) with the colours `colors[i]`: NHWC with 3 channels. */
export function colorize(gray: Float32Array, colors: Int32Array, pixels: number, rng: Rng, colorStd = 0.005): Float32Array {
  const n = colors.length;
  if (gray.length !== n * pixels) throw new Error(`colorize: ${gray.length} grey values for ${n} images of ${pixels} pixels`);
  const out = new Float32Array(n * pixels * 3);
  for (let i = 0; i < n; i++) {
    const mu = PALETTE[colors[i]];
    if (!mu) throw new Error(`colorize: colour ${colors[i]} of image ${i} is not in the palette (0..${PALETTE.length - 1})`);
    const c = mu.map((m) => Math.min(1, Math.max(0, m + colorStd * rng.normal())));
    const g = i * pixels;
    const o = g * 3;
    for (let p = 0; p < pixels; p++) {
      const v = gray[g + p];
      out[o + 3 * p] = c[0] * v;
      out[o + 3 * p + 1] = c[1] * v;
      out[o + 3 * p + 2] = c[2] * v;
    }
  }
  return out;
}

/**
 * Bias colours for a training set: exactly round(ρ·N) examples (chosen uniformly) get a random other
 * colour, the rest their class's colour.
 */
export function biasedColors(labels: Int32Array, conflictFraction: number, rng: Rng, classes = 10): Int32Array {
  if (!(conflictFraction >= 0 && conflictFraction <= 1)) throw new Error(`conflict fraction ${conflictFraction} is not in [0, 1]`);
  const n = labels.length;
  const colors = Int32Array.from(labels);
  const order = rng.shuffle(Int32Array.from({ length: n }, (_, i) => i));
  const k = Math.round(conflictFraction * n);
  for (let j = 0; j < k; j++) {
    const i = order[j];
    colors[i] = (labels[i] + 1 + rng.int(classes - 1)) % classes;
  }
  return colors;
}

/** Uniformly random colours (the unbiased test set). */
export function randomColors(n: number, rng: Rng, classes = 10): Int32Array {
  return Int32Array.from({ length: n }, () => rng.int(classes));
}

/** A coloured split from grey images: biased (fraction ρ conflicting) or, with ρ = null, unbiased. */
export function coloredSplit(gray: Float32Array, labels: Int32Array, pixels: number, conflictFraction: number | null, rng: Rng, colorStd = 0.005): BiasedSplit {
  const bias = conflictFraction === null ? randomColors(labels.length, rng) : biasedColors(labels, conflictFraction, rng);
  return { images: colorize(gray, bias, pixels, rng, colorStd), labels, bias };
}
