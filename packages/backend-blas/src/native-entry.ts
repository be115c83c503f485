/** `@zoo/backend-blas/native`: the optional C kernels and the channel passes built on them, without registering the backend. */
export { nativeKernels, nativeStatus, setNativeKernels, NATIVE_LIBRARY, NATIVE_BUILD_HINT, type NativeKernels } from './native';
export { channelKernels, type ChannelKernels } from './channel-loops';
