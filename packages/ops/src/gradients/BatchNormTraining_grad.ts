import type { GradConfig, Tensor } from '@tensorflow/tfjs-core';
import { ZooBatchNormTraining, ZooBatchNormTrainingGrad, type ZooBatchNormTrainingAttrs } from '../kernel-names';
import { runKernel } from '../run-kernel';

/**
 * ∂x, ∂γ, ∂β in one ZooBatchNormTrainingGrad call (closed form, kernel-names.ts) from x, γ and the saved
 * mean and 1/σ; with the fused ReLU the saved output y masks ∂y. Gradients reaching the mean/variance
 * outputs are not propagated (they are statistics, as tf.moments' outputs are used for running averages).
 */
export const batchNormTrainingGradConfig: GradConfig = {
  kernelName: ZooBatchNormTraining,
  inputsToSave: ['x', 'gamma'],
  outputsToSave: [true, true, false, true],
  gradFunc: (dys, saved, attrs) => {
    const dy = (Array.isArray(dys) ? dys[0] : dys) as Tensor;
    const [x, gamma, y, mean, invStd] = saved;
    const { relu } = attrs as unknown as ZooBatchNormTrainingAttrs;
    // one kernel call for all three, here rather than in the per-input closures (the tape runs each in
    // its own tidy, which would dispose the other two); unused ones go with the backward pass's tidy
    const [dx, dGamma, dBeta] = runKernel(ZooBatchNormTrainingGrad, relu ? { dy, x, gamma, mean, invStd, y } : { dy, x, gamma, mean, invStd }, { relu });
    return { x: () => dx, gamma: () => dGamma, beta: () => dBeta };
  },
};
