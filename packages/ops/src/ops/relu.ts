import { relu as tfRelu, type Tensor } from '@tensorflow/tfjs-core';
import { ZooRelu } from '../kernel-names';
import { backendHasKernel, runKernel } from '../run-kernel';

/**
 * y = max(0, x); ∂x = ∂y where y > 0, else 0 (a select, as PyTorch's threshold_backward; tfjs composes
 * its gradient as ∂y·step(x): two full-size kernels and a NaN wherever ∂y is NaN and x ≤ 0). The value
 * is the backend's Relu (ZooRelu names it so its gradient is the one-pass ZooReluGrad); float32 only,
 * and backends without the kernel get tf.relu.
 */
export function relu<T extends Tensor>(x: T): T {
  if (x.dtype !== 'float32' || !backendHasKernel(ZooRelu)) return tfRelu(x);
  return runKernel(ZooRelu, { x })[0] as T;
}
