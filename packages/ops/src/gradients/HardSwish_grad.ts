import type { GradConfig, Tensor } from '@tensorflow/tfjs-core';
import { ZooHardSwish, ZooHardSwishGrad } from '../kernel-names';
import { runKernel } from '../run-kernel';

/** ∂x = ∂y·hardSwish'(x) in one ZooHardSwishGrad pass from the saved input (the composition's gradient is ~8 kernels). */
export const hardSwishGradConfig: GradConfig = {
  kernelName: ZooHardSwish,
  inputsToSave: ['x'],
  gradFunc: (dy, saved) => ({ x: () => runKernel(ZooHardSwishGrad, { dy: dy as Tensor, x: saved[0] })[0] }),
};
