import type { KernelConfig } from '@tensorflow/tfjs-core';
import { ZooSumOfSquares, sumOfSquaresValues } from '@zoo/ops';
import { out, type KernelArgs } from '../kernel-utils';
import { withReference } from './reference';
import { nativeKernels } from '../native';
import { allocOutput } from '../buffer-pool';

/**
 * ZooSumOfSquares on blas: Σ_p Σ_j X_p[j]², each tensor from 4096 values on in C (native/elementwise.c: one read
 * pass over the cores, fixed per-thread chunks with float64 sums added in order, so deterministic), smaller ones
 * by @zoo/ops's float64 JS loop; the tensors' sums added in input order, one float32 rounding. Without the C
 * library, the @zoo/ops reference kernel.
 */
const NATIVE_MIN = 4096;

export function sumOfSquaresKernels(): KernelConfig[] {
  const kernel = withReference(ZooSumOfSquares, ({ inputs, backend }: KernelArgs) => {
    const native = nativeKernels();
    if (!native) return null;
    const xs = Object.keys(inputs)
      .sort((a, b) => Number(a) - Number(b))
      .map((k) => backend.data.get(inputs[k].dataId).values);
    if (!xs.every((v) => v instanceof Float32Array)) return null;
    let total = 0;
    for (const v of xs as Float32Array[]) total += v.length >= NATIVE_MIN ? native.sumSquares(v, v.length) : sumOfSquaresValues(v);
    const s = allocOutput(1);
    s[0] = total;
    return out(backend, [], s);
  });
  return [kernel];
}
