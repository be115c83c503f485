import type { GradConfig, Tensor } from '@tensorflow/tfjs-core';
import { ZooMultiViewConv, ZooMultiViewConvGrad, type ZooMultiViewConvAttrs } from '../kernel-names';
import { runKernel } from '../run-kernel';

/**
 * ∂x and every view's ∂w in one ZooMultiViewConvGrad call from the saved inputs [x, w_T, (w_H), (w_W)]
 * (the inputs are an array, so all are saved). The call is made here rather than in the per-input closures
 * (the tape runs each in its own tidy, which would dispose the others); where one tensor was passed for
 * several views (MVFNet's `share`), the tape adds the gradients of its input positions.
 */
export const multiViewConvGradConfig: GradConfig = {
  kernelName: ZooMultiViewConv,
  saveAllInputs: true,
  gradFunc: (dy, saved, attrs) => {
    const { views } = attrs as unknown as ZooMultiViewConvAttrs;
    const grads = runKernel(ZooMultiViewConvGrad, [dy as Tensor, ...saved], { views });
    return Object.fromEntries(grads.map((g, i) => [String(i), () => g]));
  },
};
