import type { KernelConfig } from '@tensorflow/tfjs-core';
import { ZooTemporalShift, type ZooTemporalShiftAttrs } from '@zoo/ops';
import { out, type KernelArgs } from '../kernel-utils';
import { withReference } from './reference';
import { nativeKernels } from '../native';
import { allocOutput } from '../buffer-pool';

/**
 * ZooTemporalShift on blas (TSM's shift of frames [N·T, H, W, C], and with `reverse` its gradient): three
 * memcpy per pixel in C (native/video_ops.c: channels [0, fold) from frame t ± 1, [fold, 2·fold) from
 * t ∓ 1, zeros past the clip's ends, the rest from t), pixels split over the cores. From 4096 values on
 * with the C library loaded, else the @zoo/ops reference kernel; y comes from the output-array pool.
 */
const NATIVE_MIN = 4096;

export function temporalShiftKernels(): KernelConfig[] {
  const kernel = withReference(ZooTemporalShift, ({ inputs, backend, attrs }: KernelArgs) => {
    const { x } = inputs;
    const xv = backend.data.get(x.dataId).values;
    const native = nativeKernels();
    if (!native || !(xv instanceof Float32Array) || xv.length < NATIVE_MIN) return null;
    const { segments, fold, reverse } = attrs as unknown as ZooTemporalShiftAttrs;
    const [nt, h, w, c] = x.shape;
    const y = allocOutput(xv.length); // every value written
    native.temporalShift(xv, y, nt, segments, h * w, c, fold, reverse);
    return out(backend, x.shape, y);
  });
  return [kernel];
}
