import type { KernelConfig } from '@tensorflow/tfjs-core';
import { ZooCsrMatMul, checkCsr, type CsrMatrix } from '@zoo/ops';
import { out, type KernelArgs } from '../kernel-utils';
import { withReference } from './reference';
import { nativeKernels } from '../native';
import { allocOutput } from '../buffer-pool';

/**
 * ZooCsrMatMul on blas: Y = A·X for the CSR attr A (rows × cols) and X [cols, k], O(nnz·k):
 *   Y_ij = Σ_{p ∈ row i} v_p·X_{c_p, j}   (nonzeros in storage order, float32 products and sums)
 * through the C kernel csrSpmm (native/sparse.c: rows over the cores, L2-sized column blocks) when
 * loaded, else the @zoo/ops reference kernel (csrMulDense: the WebAssembly SIMD kernel, or its JS loop);
 * every path gives the same bits. A is validated (checkCsr) once per matrix; Y comes from the output-array pool.
 * (20k×128 X by 220k nonzeros: C 9.7 ms, SIMD 14 ms with its copies into wasm memory, JS 50 ms.)
 */
export function csrMatMulKernels(): KernelConfig[] {
  const kernel = withReference(ZooCsrMatMul, ({ inputs, backend, attrs }: KernelArgs) => {
    const { x } = inputs;
    const native = nativeKernels();
    const xv = backend.data.get(x.dataId).values;
    if (!native || !(xv instanceof Float32Array) || x.shape.length !== 2) return null;
    const a = attrs!.a as unknown as CsrMatrix;
    const k = x.shape[1];
    if (xv.length !== a.cols * k) throw new Error(`${ZooCsrMatMul}: A is ${a.rows}×${a.cols} but X is [${x.shape}]`);
    checkCsr(a);
    const y = allocOutput(a.rows * k); // every value written by csrSpmm
    native.csrSpmm(a.rows, a.indptr, a.indices, a.values, xv, k, y);
    return out(backend, [a.rows, k], y);
  });
  return [kernel];
}
