import { spmmSimd } from '../simd/spmm';
import { checkCsr, type Csr } from './check-csr';

/**
 * Y = A·X (A CSR rows×cols, X dense cols×k row-major) in O(nnz·k), the reference CSR kernel:
 *   Y_ij = Σ_{p ∈ row i} v_p·X_{c_p, j}   in nonzero order, float32 products and sums
 * through the WebAssembly SIMD kernel when k is a multiple of 4 (simd/spmm.wat), else a JS loop
 * unrolled by 4 that rounds each product to float32 as the SIMD and C kernels do (so every path gives
 * the same bits). Validates A (checkCsr) on its first use.
 */
export function csrMulDense(a: Csr, x: Float32Array, k: number, y: Float32Array = new Float32Array(a.rows * k)): Float32Array {
  if (x.length !== a.cols * k) throw new Error(`csrMulDense: X has ${x.length} values, expected ${a.cols}×${k}`);
  if (y.length !== a.rows * k) throw new Error(`csrMulDense: output has ${y.length} values, expected ${a.rows}×${k}`);
  checkCsr(a);
  const { indptr, indices, values } = a;
  if (spmmSimd(a.rows, indptr, indices, values, x, k, y)) return y;
  return csrMulDenseLoop(a, x, k, y);
}

/** The JS loop of csrMulDense (no checks): float32 products (Math.fround) and sums, nonzero order. */
export function csrMulDenseLoop(a: Csr, x: Float32Array, k: number, y: Float32Array): Float32Array {
  const { indptr, indices, values } = a;
  y.fill(0);
  const k4 = k - (k % 4);
  const f = Math.fround;
  for (let i = 0; i < a.rows; i++) {
    const o = i * k;
    const end = indptr[i + 1];
    for (let p = indptr[i]; p < end; p++) {
      const v = values[p];
      const xo = indices[p] * k;
      let j = 0;
      for (; j < k4; j += 4) {
        y[o + j] += f(v * x[xo + j]);
        y[o + j + 1] += f(v * x[xo + j + 1]);
        y[o + j + 2] += f(v * x[xo + j + 2]);
        y[o + j + 3] += f(v * x[xo + j + 3]);
      }
      for (; j < k; j++) y[o + j] += f(v * x[xo + j]);
    }
  }
  return y;
}
