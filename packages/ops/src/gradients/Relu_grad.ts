import type { GradConfig, Tensor } from '@tensorflow/tfjs-core';
import { ZooRelu, ZooReluGrad } from '../kernel-names';
import { runKernel } from '../run-kernel';

/** ∂x = ∂y where y > 0, else 0, by ZooReluGrad from the saved output. */
export const reluGradConfig: GradConfig = {
  kernelName: ZooRelu,
  outputsToSave: [true],
  gradFunc: (dy, saved) => ({ x: () => runKernel(ZooReluGrad, { dy: dy as Tensor, y: saved[0] })[0] }),
};
