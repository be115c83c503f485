/**
 * The CSR × dense op lives in @zoo/ops (ZooCsrMatMul; blas's C version is zoo-kernels/csr-matmul.ts).
 * Re-exported here only for src/bench/workloads.ts, which moves to tools/bench (then this file goes).
 */
export { csrMatMul, csrTranspose, type Csr } from '@zoo/ops';
