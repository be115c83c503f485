import { addN, scalar, square, sum, type Scalar, type Tensor } from '@tensorflow/tfjs-core';
import { ZooSumOfSquares } from '../kernel-names';
import { backendHasKernel, runKernel } from '../run-kernel';

/**
 * s = Σ_p Σ_j X_p[j]² over every tensor of `xs` (any shapes): the square of a global gradient norm (clip_grad_norm_),
 * an L2 penalty Σ‖w‖². Where the backend registers ZooSumOfSquares (blas in C over the cores, cpu/wasm in JS;
 * float32) it is one read pass per tensor with a float64 accumulator, instead of a squared copy of every tensor
 * and a float32 Sum each, then an AddN. Differentiable: ∂X_p = 2·X_p·∂s. No tensors: 0.
 */
export function sumOfSquares(xs: Tensor[]): Scalar {
  if (xs.length === 0) return scalar(0);
  if (xs.some((x) => x.dtype !== 'float32') || !backendHasKernel(ZooSumOfSquares)) return sumOfSquaresComposition(xs);
  return runKernel(ZooSumOfSquares, xs)[0] as Scalar;
}

export function sumOfSquaresComposition(xs: Tensor[]): Scalar {
  const parts = xs.map((x) => sum(square(x)));
  return (parts.length === 1 ? parts[0] : addN(parts)) as Scalar;
}
