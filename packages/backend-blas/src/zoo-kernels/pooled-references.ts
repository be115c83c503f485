import type { KernelConfig } from '@tensorflow/tfjs-core';
import { ZooConcatColumns, ZooDropout, ZooDropoutGrad, ZooGatherRows, ZooScatterAddRows, ZooSplitColumns, ZooTanh, ZooTanhGrad } from '@zoo/ops';
import { blasReferenceKernel } from './reference';

/**
 * The Zoo kernels with no C version (one typed-array pass each, memory-bound, already at the speed the
 * JS loop allows): @zoo/ops's reference kernels, on blas with their float32 outputs from the pool.
 *   ZooTanh y = 1 − 2/(e^{2x} + 1), ZooTanhGrad ∂x = ∂y·(1 − y²)
 *   ZooDropout y = x·(keep·scale) with @zoo/ops's dropoutMask streams, ZooDropoutGrad ∂x = ∂y·(keep·scale)
 *   ZooGatherRows Y_i = X_{index_i}, ZooScatterAddRows ∂X = Σ_i e_{index_i}·∂Y_i
 *   ZooConcatColumns [X₀ ‖ X₁ ‖ …], ZooSplitColumns its inverse
 */
export function pooledReferenceKernels(): KernelConfig[] {
  return ([ZooTanh, ZooTanhGrad, ZooDropout, ZooDropoutGrad, ZooGatherRows, ZooScatterAddRows, ZooConcatColumns, ZooSplitColumns] as const).map((name) => blasReferenceKernel(name));
}
