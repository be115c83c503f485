import { tanh as tfTanh, type Tensor } from '@tensorflow/tfjs-core';
import { ZooTanh } from '../kernel-names';
import { backendHasKernel, runKernel } from '../run-kernel';

/**
 * y = tanh(x) = 1 − 2/(e^{2x} + 1) (exact in float32); ∂x = ∂y·(1 − y²) in one pass (ZooTanhGrad),
 * where tfjs's gradient is three full-size kernels. Float32 only; backends without the kernel get tf.tanh.
 */
export function tanh<T extends Tensor>(x: T): T {
  if (x.dtype !== 'float32' || !backendHasKernel(ZooTanh)) return tfTanh(x);
  return runKernel(ZooTanh, { x })[0] as T;
}
