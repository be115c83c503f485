import { zerosLike, type GradConfig, type Tensor } from '@tensorflow/tfjs-core';
import { ZooGatherRows, ZooScatterAddRows } from '../kernel-names';
import { runKernel } from '../run-kernel';

/** ∂X = scatter-add of ∂Y into X's rows (ZooScatterAddRows), O(m·k); the indices get zeros. */
export const gatherRowsGradConfig: GradConfig = {
  kernelName: ZooGatherRows,
  inputsToSave: ['x', 'indices'],
  gradFunc: (dy, saved) => {
    const [x, indices] = saved;
    return {
      x: () => runKernel(ZooScatterAddRows, { dy: dy as Tensor, indices }, { rows: x.shape[0] })[0],
      indices: () => zerosLike(indices),
    };
  },
};
