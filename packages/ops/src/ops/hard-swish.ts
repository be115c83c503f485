import { div, add, mul, relu6, type Tensor } from '@tensorflow/tfjs-core';
import { ZooHardSwish } from '../kernel-names';
import { backendHasKernel, runKernel } from '../run-kernel';

/**
 * Hard swish (Howard et al. 2019, MobileNetV3): y = x · ReLU6(x + 3) / 6, the activation after MVF's
 * BatchNorm3d (MVFNet code, `use_hs`). ∂y/∂x = 0 for x ≤ −3, (2x + 3)/6 for −3 < x ≤ 3, 1 for x > 3.
 * Where the backend registers ZooHardSwish (blas, cpu, wasm; float32) each direction is one pass (the same
 * forward bits as the composition) instead of four kernels forward and ~8 backward.
 */
export function hardSwish<T extends Tensor>(x: T): T {
  if (x.dtype !== 'float32' || !backendHasKernel(ZooHardSwish)) return hardSwishComposition(x);
  return runKernel(ZooHardSwish, { x })[0] as T;
}

export function hardSwishComposition<T extends Tensor>(x: T): T {
  return mul(x, div(relu6(add(x, 3)), 6)) as T;
}
