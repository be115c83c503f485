import { split, type Tensor2D } from '@tensorflow/tfjs-core';
import { ZooSplitColumns } from '../kernel-names';
import { backendHasKernel, runKernel } from '../run-kernel';

/**
 * X [n, Σkₚ] split into its column blocks Xₚ [n, kₚ] (the inverse of concatColumns), by row copies
 * (ZooSplitColumns); the gradient is concatColumns of the blocks' gradients. tfjs's split on the last axis
 * and its gradient (SplitV / Slice / Pad) go element by element on cpu. Backends without the kernel get tf.split.
 */
export function splitColumns(x: Tensor2D, widths: readonly number[]): Tensor2D[] {
  if (x.rank !== 2) throw new Error(`splitColumns: expected x [n, k], got [${x.shape.join(', ')}]`);
  const total = widths.reduce((a, b) => a + b, 0);
  if (widths.some((w) => !Number.isInteger(w) || w < 1) || total !== x.shape[1]) {
    throw new Error(`splitColumns: widths [${widths.join(', ')}] do not split ${x.shape[1]} columns into positive blocks`);
  }
  if (!backendHasKernel(ZooSplitColumns)) return split(x, [...widths], 1) as Tensor2D[];
  return runKernel(ZooSplitColumns, { dy: x }, { widths: [...widths] }) as Tensor2D[];
}
