import type { GradConfig, Tensor } from '@tensorflow/tfjs-core';
import { ZooTemporalShift, type ZooTemporalShiftAttrs } from '../kernel-names';
import { runKernel } from '../run-kernel';

/** The gradient of a temporal shift is the opposite shift: ZooTemporalShift of ∂y with `reverse` flipped. */
export const temporalShiftGradConfig: GradConfig = {
  kernelName: ZooTemporalShift,
  gradFunc: (dy, _saved, attrs) => {
    const { segments, fold, reverse } = attrs as unknown as ZooTemporalShiftAttrs;
    return { x: () => runKernel(ZooTemporalShift, { x: dy as Tensor }, { segments, fold, reverse: !reverse })[0] };
  },
};
