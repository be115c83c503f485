import type { GradConfig, Tensor } from '@tensorflow/tfjs-core';
import { ZooDropout, ZooDropoutGrad, type ZooDropoutAttrs } from '../kernel-names';
import { runKernel } from '../run-kernel';

/**
 * ∂x = ∂y·(keep·s) by ZooDropoutGrad from the saved keep mask. s is the forward's scale, rounded to
 * float32 for the xorshift32-16 stream (the former fastDropout multiplied by a float32 mask), so both
 * streams keep their exact gradients.
 */
export const dropoutGradConfig: GradConfig = {
  kernelName: ZooDropout,
  outputsToSave: [false, true],
  gradFunc: (dys, saved, attrs) => {
    const dy = (Array.isArray(dys) ? dys[0] : dys) as Tensor;
    const { scale, stream } = attrs as unknown as ZooDropoutAttrs;
    return { x: () => runKernel(ZooDropoutGrad, { dy, keep: saved[0] }, { scale: stream === 'xorshift32-16' ? Math.fround(scale) : scale })[0] };
  },
};
