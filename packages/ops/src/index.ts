/**
 * `@zoo/ops`: fused tensor ops as tfjs kernels. Each op names a `Zoo*` kernel (kernel-names.ts) and
 * runs it through the engine when the active backend registers it, else the plain tfjs composition.
 */
export * from './kernel-names';
export { CsrMatrix, csrTranspose } from './csr/csr-matrix';
export { checkCsr, type Csr } from './csr/check-csr';
export { csrMulDense } from './csr/csr-mul-dense';
export { simdModule, reserve, MAX_WASM_BYTES, type WasmMemory } from './simd/wasm-module';
export { simdAvailable } from './simd/spmm';
