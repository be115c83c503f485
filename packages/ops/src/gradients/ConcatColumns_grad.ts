import type { GradConfig, Tensor } from '@tensorflow/tfjs-core';

type NamedGradientMap = ReturnType<GradConfig['gradFunc']>;
import { ZooConcatColumns, ZooSplitColumns } from '../kernel-names';
import { runKernel } from '../run-kernel';

/** ∂Xₚ = the p-th column block of ∂Y, all blocks in one ZooSplitColumns call. */
export const concatColumnsGradConfig: GradConfig = {
  kernelName: ZooConcatColumns,
  saveAllInputs: true,
  gradFunc: (dy, saved) => {
    const widths = saved.map((t) => t.shape[1]);
    const parts = runKernel(ZooSplitColumns, { dy: dy as Tensor }, { widths }); // (not per input: see BatchNormTraining_grad)
    return parts.map((t) => () => t) as unknown as NamedGradientMap;
  },
};
