/**
 * `@zoo/backend-blas/native`: the optional C kernels, the channel passes built on them, and the output-array
 * pool's helpers for fused ops (`allocOutput`, `tensorValues`), without registering the backend.
 */
export { nativeKernels, nativeStatus, setNativeKernels, NATIVE_LIBRARY, NATIVE_BUILD_HINT, type NativeKernels } from './native';
export { channelKernels, type ChannelKernels } from './channel-loops';
export { allocOutput, allocZeroed, tensorValues, setBufferPool } from './buffer-pool';
