/**
 * `@zoo/backend-blas/sparse`: the CSR × dense product (WebAssembly SIMD kernel with a JS fallback) and
 * its differentiable tfjs op, without registering the backend or loading OpenBLAS, so graph code can
 * use it on any backend.
 */
export { csrMatMul, csrMulDense, csrTranspose, type Csr } from './csr-matmul';
export { simdAvailable } from './simd/spmm';
