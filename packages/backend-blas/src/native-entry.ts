/**
 * `@zoo/backend-blas/native`: the optional C kernels, the channel passes built on them, and the output-array
 * pool's helpers for fused ops (`allocOutput`, `tensorValues`), without registering the backend.
 * (Goes once @zoo/core's fused ops are @zoo/ops kernels.)
 */
import { jsChannelPasses, type ChannelPasses } from '@zoo/ops';
import { nativeKernels } from './native';

export { nativeKernels, nativeStatus, setNativeKernels, NATIVE_LIBRARY, NATIVE_BUILD_HINT, type NativeKernels } from './native';
export { allocOutput, allocZeroed, tensorValues, setBufferPool } from './buffer-pool';
export type ChannelKernels = ChannelPasses;
export function channelKernels(values = Infinity): ChannelPasses {
  return (values >= 4096 && nativeKernels()) || jsChannelPasses;
}
