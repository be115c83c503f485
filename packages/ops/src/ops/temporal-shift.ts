import { concat, pad, reshape, slice, type Tensor, type Tensor4D } from '@tensorflow/tfjs-core';

/**
 * Temporal shift (TSM, Lin et al. ICCV 2019; mmaction2's `TemporalShift.shift`) on frames x [N·T, H, W, C]
 * of N clips of T = `segments` frames, fold = ⌊C / foldDiv⌋:
 *   y[t, :, :, 0:fold]      = x[t + 1, …, 0:fold]       (zero at t = T − 1)
 *   y[t, :, :, fold:2·fold] = x[t − 1, …, fold:2·fold]  (zero at t = 0)
 *   y[t, :, :, 2·fold:]     = x[t, …, 2·fold:]
 * The gradient is the opposite shift.
 */
export function temporalShift(x: Tensor4D, segments: number, foldDiv = 8): Tensor4D {
  return temporalShiftComposition(x, segments, foldDiv);
}

export function temporalShiftComposition(x: Tensor4D, segments: number, foldDiv = 8): Tensor4D {
  const [nt, h, w, c] = x.shape;
  if (!Number.isInteger(segments) || segments < 1 || nt % segments !== 0) throw new Error(`temporalShift: ${nt} frames are not a whole number of ${segments}-frame clips`);
  const fold = Math.floor(c / foldDiv);
  if (fold === 0 || segments === 1) return x.clone();
  const n = nt / segments;
  const x5 = reshape(x, [n, segments, h * w, c]);
  const t = segments;
  // frame t takes t + 1: frames 1..T−1, then a zero frame
  const fwd = pad(slice(x5, [0, 1, 0, 0], [n, t - 1, h * w, fold]), [[0, 0], [0, 1], [0, 0], [0, 0]]);
  // frame t takes t − 1: a zero frame, then frames 0..T−2
  const back = pad(slice(x5, [0, 0, 0, fold], [n, t - 1, h * w, fold]), [[0, 0], [1, 0], [0, 0], [0, 0]]);
  const rest = slice(x5, [0, 0, 0, 2 * fold], [n, t, h * w, c - 2 * fold]);
  return reshape(concat([fwd, back, rest], 3), [nt, h, w, c]) as Tensor4D;
}
