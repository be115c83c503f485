import { add, batchNorm, dispose, mul, tidy, type Tensor, type Tensor1D, type Variable } from '@tensorflow/tfjs-core';
import { batchNormTraining } from './batch-norm-training';

/** A batch-norm layer's variables: affine γ, β and the running statistics. */
export interface BatchNormParams {
  gamma: Tensor1D;
  beta: Tensor1D;
  mean: Variable;
  variance: Variable;
}

/**
 * PyTorch's `BatchNorm2d` semantics over given variables: in training mode normalizes with the batch
 * statistics (`batchNormTraining`) and updates the running ones, running ← (1 − m)·running + m·batch, with
 * the unbiased batch variance as PyTorch keeps it; in evaluation mode normalizes with the running statistics.
 */
export function batchNormLayer(x: Tensor, p: BatchNormParams, training: boolean, momentum = 0.1, epsilon = 1e-5): Tensor {
  if (!training) return batchNorm(x, p.mean as Tensor1D, p.variance as Tensor1D, p.beta, p.gamma, epsilon);
  const o = batchNormTraining(x, p.gamma, p.beta, epsilon);
  const count = x.size / x.shape[x.shape.length - 1];
  tidy(() => {
    p.mean.assign(add(mul(p.mean, 1 - momentum), mul(o.mean, momentum)));
    p.variance.assign(add(mul(p.variance, 1 - momentum), mul(o.variance, (momentum * count) / Math.max(count - 1, 1))));
  });
  dispose([o.mean, o.variance]);
  return o.y;
}
