import type { ZooTemporalShiftAttrs } from '../../kernel-names';
import { f32, newFloat32, type ArrayKernel } from './array-kernel';

/**
 * ZooTemporalShift on arrays: per pixel of each frame, three channel blocks copied from frames t ± 1 and t
 * (zeros past a clip's ends). `reverse` swaps the sources of the first two blocks (the gradient).
 */
export function temporalShiftLoop(x: Float32Array, y: Float32Array, frames: number, segments: number, pixels: number, C: number, fold: number, reverse: boolean): Float32Array {
  const frame = pixels * C;
  const [first, second] = reverse ? [-1, 1] : [1, -1];
  for (let f = 0; f < frames; f++) {
    const t = f % segments;
    const src = (dt: number) => (t + dt >= 0 && t + dt < segments ? (f + dt) * frame : -1);
    const a = src(first);
    const b = src(second);
    for (let p = 0, o = f * frame; p < pixels; p++, o += C) {
      const q = o - f * frame;
      if (a >= 0) y.set(x.subarray(a + q, a + q + fold), o);
      else y.fill(0, o, o + fold);
      if (b >= 0) y.set(x.subarray(b + q + fold, b + q + 2 * fold), o + fold);
      else y.fill(0, o + fold, o + 2 * fold);
      y.set(x.subarray(o + 2 * fold, o + C), o + 2 * fold);
    }
  }
  return y;
}

export const temporalShiftReference: ArrayKernel = ({ x }, attrs, alloc = newFloat32) => {
  const { segments, fold, reverse } = attrs as unknown as ZooTemporalShiftAttrs;
  const [nt, h, w, c] = x.shape;
  const xv = x.values instanceof Float32Array ? x.values : Float32Array.from(x.values);
  return [f32(temporalShiftLoop(xv, alloc(xv.length), nt, segments, h * w, c, fold, reverse), x.shape)];
};
