import { dispose, matMul, tensor2d } from '@tensorflow/tfjs-core';

/**
 * op(A)·op(B) for row-major typed arrays, through the active backend's matMul (sgemm on blas); returns
 * the product's values, owned by the caller. For fused ops that keep their intermediates as typed arrays.
 */
export function matMulArrays(a: Float32Array, aShape: [number, number], b: Float32Array, bShape: [number, number], transA = false, transB = false): Float32Array {
  if (a.length !== aShape[0] * aShape[1] || b.length !== bShape[0] * bShape[1]) throw new Error(`matMulArrays: ${a.length} and ${b.length} values for shapes [${aShape}] and [${bShape}]`);
  const at = tensor2d(a, aShape);
  const bt = tensor2d(b, bShape);
  const c = matMul(at, bt, transA, transB);
  const v = c.dataSync() as Float32Array;
  dispose([at, bt, c]);
  return v;
}
