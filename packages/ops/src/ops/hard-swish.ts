import { div, add, mul, relu6, type Tensor } from '@tensorflow/tfjs-core';

/**
 * Hard swish (Howard et al. 2019, MobileNetV3): y = x · ReLU6(x + 3) / 6, the activation after MVF's
 * BatchNorm3d (MVFNet code, `use_hs`). ∂y/∂x = 0 for x < −3, (2x + 3)/6 for −3 ≤ x ≤ 3, 1 for x > 3.
 */
export function hardSwish<T extends Tensor>(x: T): T {
  return hardSwishComposition(x);
}

export function hardSwishComposition<T extends Tensor>(x: T): T {
  return mul(x, div(relu6(add(x, 3)), 6)) as T;
}
