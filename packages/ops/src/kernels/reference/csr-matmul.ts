import { csrMulDense } from '../../csr/csr-mul-dense';
import type { ZooCsrMatMulAttrs } from '../../kernel-names';
import { f32, newFloat32, type ArrayKernel } from './array-kernel';

/** ZooCsrMatMul: Y = A·X through the reference CSR × dense (SIMD, else the float32 JS loop). */
export const csrMatMulReference: ArrayKernel = ({ x }, attrs, alloc = newFloat32) => {
  const { a } = attrs as unknown as ZooCsrMatMulAttrs;
  const k = x.shape[1];
  const xv = x.values instanceof Float32Array ? x.values : Float32Array.from(x.values);
  return [f32(csrMulDense(a, xv, k, alloc(a.rows * k)), [a.rows, k])];
};
