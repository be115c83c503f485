import { matMul, tensor2d, tidy, type Tensor2D } from '@tensorflow/tfjs-core';
import type { Csr } from '../csr/check-csr';
import { CsrMatrix } from '../csr/csr-matrix';
import { ZooCsrMatMul } from '../kernel-names';
import { backendHasKernel, runKernel } from '../run-kernel';

/**
 * Differentiable sparse × dense matmul: Y = A·X (A: rows×cols CSR, X: cols×k), ∂L/∂X = Aᵀ·∂L/∂Y
 * (A is a constant; a plain CSR object is wrapped once, `transposed` its precomputed Aᵀ if any), O(nnz·k) through ZooCsrMatMul (the C kernel on blas, SIMD on cpu and wasm).
 * Backends without the kernel multiply by A as a dense matrix (tf.matMul: O(rows·cols·k), small graphs).
 */
export function csrMatMul(csr: Csr, x: Tensor2D, transposed?: Csr): Tensor2D {
  const a = CsrMatrix.from(csr, transposed);
  if (x.shape[0] !== a.cols) throw new Error(`csrMatMul: A is ${a.rows}×${a.cols} but X has ${x.shape[0]} rows`);
  if (!backendHasKernel(ZooCsrMatMul)) return tidy(() => matMul(tensor2d(a.toDense(), [a.rows, a.cols]), x));
  return runKernel(ZooCsrMatMul, { x }, { a })[0] as Tensor2D;
}
