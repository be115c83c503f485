import type { GradConfig, Tensor } from '@tensorflow/tfjs-core';
import { ZooTanh, ZooTanhGrad } from '../kernel-names';
import { runKernel } from '../run-kernel';

/** ∂x = ∂y·(1 − y²) in one ZooTanhGrad pass from the saved output (tfjs composes it of three kernels). */
export const tanhGradConfig: GradConfig = {
  kernelName: ZooTanh,
  outputsToSave: [true],
  gradFunc: (dy, saved) => ({ x: () => runKernel(ZooTanhGrad, { dy: dy as Tensor, y: saved[0] })[0] }),
};
