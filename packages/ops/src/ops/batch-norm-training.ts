import { batchNorm, moments, relu as tfRelu, tidy, type Tensor, type Tensor1D } from '@tensorflow/tfjs-core';
import { ZooBatchNormTraining } from '../kernel-names';
import { backendHasKernel, runKernel } from '../run-kernel';

export interface BatchNormTrainingOptions {
  /** Apply ReLU to the output in the same pass (y = max(0, γ·x̂ + β)); its gradient masks ∂y by y > 0. */
  relu?: boolean;
}

/**
 * Batch normalization in training mode over every axis but the last (NHWC and [N, C] inputs):
 *   μ = mean(x), σ² = mean((x − μ)²), x̂ = (x − μ)/√(σ² + ε), y = γ·x̂ + β
 * with the closed-form backward (Ioffe & Szegedy 2015, Sec. 3), M values per channel:
 *   ∂β = Σ ∂y,  ∂γ = Σ ∂y·x̂,  ∂x = γ/(M·√(σ² + ε)) · (M·∂y − ∂β − x̂·∂γ)
 * Where the backend registers ZooBatchNormTraining (blas, cpu, wasm) both directions are two channel
 * passes instead of the ~20 full-size ops that tf.moments + tf.batchNorm and their gradients take; on
 * other backends (tfjs-node, GPU) it is exactly that composition. `relu: true` fuses the ReLU that
 * usually follows. Returns the batch statistics too (σ² biased); no gradient flows through them.
 */
export function batchNormTraining(
  x: Tensor,
  gamma: Tensor1D,
  beta: Tensor1D,
  epsilon = 1e-5,
  opts: BatchNormTrainingOptions = {},
): { y: Tensor; mean: Tensor1D; variance: Tensor1D } {
  const C = x.shape[x.shape.length - 1];
  if (gamma.shape[0] !== C || beta.shape[0] !== C) throw new Error(`batchNormTraining: ${C} channels but γ has ${gamma.shape[0]} and β ${beta.shape[0]}`);
  const relu = opts.relu === true;
  if (!backendHasKernel(ZooBatchNormTraining)) return batchNormTrainingComposition(x, gamma, beta, epsilon, opts);
  const [y, mean, variance, invStd] = runKernel(ZooBatchNormTraining, { x, gamma, beta }, { epsilon, relu });
  invStd.dispose();
  return { y, mean: mean as Tensor1D, variance: variance as Tensor1D };
}

/** tf.moments + tf.batchNorm (+ tf.relu): the op where the backend lacks the kernel. */
export function batchNormTrainingComposition(x: Tensor, gamma: Tensor1D, beta: Tensor1D, epsilon = 1e-5, opts: BatchNormTrainingOptions = {}): { y: Tensor; mean: Tensor1D; variance: Tensor1D } {
  const axes = x.shape.slice(0, -1).map((_, i) => i);
  return tidy(() => {
    const { mean, variance } = moments(x, axes);
    const y = batchNorm(x, mean, variance, beta, gamma, epsilon);
    return { y: opts.relu === true ? tfRelu(y) : y, mean: mean as Tensor1D, variance: variance as Tensor1D };
  });
}
