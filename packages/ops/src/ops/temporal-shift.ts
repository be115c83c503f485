import { concat, pad, reshape, slice, zeros, type Tensor4D } from '@tensorflow/tfjs-core';
import { ZooTemporalShift } from '../kernel-names';
import { backendHasKernel, runKernel } from '../run-kernel';

/**
 * Temporal shift (TSM, Lin et al. ICCV 2019; mmaction2's `TemporalShift.shift`) on frames x [N·T, H, W, C]
 * of N clips of T = `segments` frames, fold = ⌊C / foldDiv⌋:
 *   y[t, :, :, 0:fold]      = x[t + 1, …, 0:fold]       (zero at t = T − 1)
 *   y[t, :, :, fold:2·fold] = x[t − 1, …, fold:2·fold]  (zero at t = 0)
 *   y[t, :, :, 2·fold:]     = x[t, …, 2·fold:]
 * The gradient is the opposite shift. Where the backend registers ZooTemporalShift (blas, cpu, wasm;
 * float32) both are one copy pass instead of slices, pads and a concat.
 */
export function temporalShift(x: Tensor4D, segments: number, foldDiv = 8): Tensor4D {
  const fold = checkTemporalShift(x, segments, foldDiv);
  if (x.dtype !== 'float32' || !backendHasKernel(ZooTemporalShift)) return temporalShiftComposition(x, segments, foldDiv);
  return runKernel(ZooTemporalShift, { x }, { segments, fold, reverse: false })[0] as Tensor4D;
}

/** fold = ⌊C / foldDiv⌋, after checking that x is whole clips and that the two shifted blocks fit. */
function checkTemporalShift(x: Tensor4D, segments: number, foldDiv: number): number {
  const [nt, , , c] = x.shape;
  if (!Number.isInteger(segments) || segments < 1 || nt % segments !== 0) throw new Error(`temporalShift: ${nt} frames are not a whole number of ${segments}-frame clips`);
  const fold = Math.floor(c / foldDiv);
  if (!(foldDiv > 0) || 2 * fold > c) throw new Error(`temporalShift: foldDiv ${foldDiv} gives fold ${fold}, but 2·fold must be ≤ ${c} channels`);
  return fold;
}

export function temporalShiftComposition(x: Tensor4D, segments: number, foldDiv = 8): Tensor4D {
  const [nt, h, w, c] = x.shape;
  const fold = checkTemporalShift(x, segments, foldDiv);
  if (fold === 0) return x.clone();
  const n = nt / segments;
  const x5 = reshape(x, [n, segments, h * w, c]);
  const t = segments;
  // one-frame clips: both shifted blocks are zeros (mmaction2 concatenates a blank frame to an empty slice)
  if (t === 1) return reshape(concat([zeros([n, 1, h * w, 2 * fold]), slice(x5, [0, 0, 0, 2 * fold], [n, 1, h * w, c - 2 * fold])], 3), [nt, h, w, c]) as Tensor4D;
  // frame t takes t + 1: frames 1..T−1, then a zero frame
  const fwd = pad(slice(x5, [0, 1, 0, 0], [n, t - 1, h * w, fold]), [[0, 0], [0, 1], [0, 0], [0, 0]]);
  // frame t takes t − 1: a zero frame, then frames 0..T−2
  const back = pad(slice(x5, [0, 0, 0, fold], [n, t - 1, h * w, fold]), [[0, 0], [1, 0], [0, 0], [0, 0]]);
  const rest = slice(x5, [0, 0, 0, 2 * fold], [n, t, h * w, c - 2 * fold]);
  return reshape(concat([fwd, back, rest], 3), [nt, h, w, c]) as Tensor4D;
}
