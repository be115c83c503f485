import { concat, type Tensor2D } from '@tensorflow/tfjs-core';
import { ZooConcatColumns } from '../kernel-names';
import { backendHasKernel, runKernel } from '../run-kernel';

/**
 * [X₁ ‖ X₂ ‖ …] along columns (all [n, kᵢ]); the gradient is split back by row copies (ZooConcatColumns,
 * ZooSplitColumns), where tfjs's Concat gradient is SplitV/Slice element by element on cpu. Backends
 * without the kernel get tf.concat; one tensor gives a copy.
 */
export function concatColumns(xs: Tensor2D[]): Tensor2D {
  if (xs.length === 0) throw new Error('concatColumns: no tensors');
  const n = xs[0].shape[0];
  for (const x of xs) if (x.shape[0] !== n) throw new Error(`concatColumns: row counts differ (${xs.map((t) => t.shape[0]).join(', ')})`);
  if (xs.length === 1) return xs[0].clone();
  if (!backendHasKernel(ZooConcatColumns)) return concat(xs, 1);
  return runKernel(ZooConcatColumns, xs)[0] as Tensor2D;
}
