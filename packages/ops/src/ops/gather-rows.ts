import { gather, tensor1d, tidy, type Tensor2D } from '@tensorflow/tfjs-core';
import { ZooGatherRows } from '../kernel-names';
import { backendHasKernel, runKernel } from '../run-kernel';

/**
 * Rows `index` of X [n, k]: Y_i = X_{index_i}, with a scatter-add gradient in O(|index|·k) (ZooGatherRows,
 * ZooScatterAddRows). tfjs's tf.gather gradient is unsortedSegmentSum (O(segments·rows·k) on cpu); backends
 * without the kernel get tf.gather.
 */
export function gatherRows(x: Tensor2D, index: Int32Array): Tensor2D {
  const n = x.shape[0];
  for (const r of index) if (r < 0 || r >= n) throw new Error(`gatherRows: row ${r} outside 0..${n - 1}`);
  return tidy(() => {
    const indices = tensor1d(index, 'int32');
    if (!backendHasKernel(ZooGatherRows)) return gather(x, indices);
    return runKernel(ZooGatherRows, { x, indices })[0] as Tensor2D;
  });
}
