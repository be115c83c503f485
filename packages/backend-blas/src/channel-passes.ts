import { jsChannelPasses, type ChannelPasses } from '@zoo/ops';
import { nativeKernels } from './native';

/**
 * Batch norm's per-channel passes over an [R, C] view of a channels-last tensor (statistics, scaling,
 * gradient sums and apply), for this backend's FusedBatchNorm and ZooBatchNormTraining kernels: the C
 * kernels (native/batch_norm.c) when loaded and x has at least 4096 values, else @zoo/ops's typed-array
 * loops (same arithmetic in the same order per channel; the C sums are split over threads, so float64
 * rounding may differ in the last bits). The C kernels read raw float memory: any array given that is
 * not a Float32Array (tfjs keeps some float32 tensors in another array type) takes the JS loops.
 */
const NATIVE_MIN = 4096;

export function channelPasses(x: ArrayLike<number>, ...others: (ArrayLike<number> | null)[]): ChannelPasses {
  if (x.length < NATIVE_MIN || !(x instanceof Float32Array) || others.some((a) => a !== null && !(a instanceof Float32Array))) return jsChannelPasses;
  return nativeKernels() ?? jsChannelPasses;
}
