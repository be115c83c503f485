import type { KernelConfig } from '@tensorflow/tfjs-core';
import { ZooBatchNormTraining, ZooBatchNormTrainingGrad, batchNormTrainingGradWith, batchNormTrainingWith, cpuKernel, type ChannelPasses } from '@zoo/ops';
import { BACKEND_NAME, runPoolKernel, type KernelArgs } from '../kernel-utils';
import { channelPasses } from '../channel-passes';
import { allocOutput } from '../buffer-pool';

/**
 * ZooBatchNormTraining and its gradient on blas: @zoo/ops's batch-norm kernels (kernel-names.ts has
 * the equations: moments → scale/shift → scale-shift pass; backward sums → k1, k2, k3 → apply pass)
 * with the channel passes on the C kernels (native/batch_norm.c: OpenMP over channels, float64 sums,
 * the fused ReLU and its mask) from 4096 values on, else the same passes in JS (channel-passes.ts);
 * y and ∂x come from the output-array pool.
 */
const passes: ChannelPasses = {
  channelMoments: (x, R, C, mean, variance) => channelPasses(x).channelMoments(x, R, C, mean, variance),
  scaleShift: (x, scale, shift, y, R, C, relu) => channelPasses(x).scaleShift(x, scale, shift, y, R, C, relu),
  bnBackwardSums: (dy, x, y, mean, R, C, sdy, sdyx) => channelPasses(x, dy, y).bnBackwardSums(dy, x, y, mean, R, C, sdy, sdyx),
  bnBackwardApply: (dy, x, y, k1, k2, k3, dx, R, C) => channelPasses(x, dy, y).bnBackwardApply(dy, x, y, k1, k2, k3, dx, R, C),
};

export function batchNormKernels(): KernelConfig[] {
  return [
    cpuKernel(ZooBatchNormTraining, batchNormTrainingWith(passes), BACKEND_NAME, allocOutput),
    cpuKernel(ZooBatchNormTrainingGrad, batchNormTrainingGradWith(passes), BACKEND_NAME, allocOutput),
  ].map((k) => ({ ...k, kernelFunc: ((args: KernelArgs) => runPoolKernel(k, args)) as unknown as KernelConfig['kernelFunc'] }));
}
