import { f32, inputList, newFloat32, type ArrayKernel } from './array-kernel';

/** ZooSumOfSquares: each tensor's Σx² in float64 in index order, the tensors' sums added in input order, one float32 rounding. */
export const sumOfSquaresReference: ArrayKernel = (inputs, _attrs, alloc = newFloat32) => {
  let total = 0;
  for (const t of inputList(inputs)) total += sumOfSquaresValues(t.values);
  const out = alloc(1);
  out[0] = total;
  return [f32(out, [])];
};

/** Σ v[j]² in float64, index order (a backend's small-tensor path uses the same loop). */
export function sumOfSquaresValues(v: ArrayLike<number>): number {
  let s = 0;
  for (let j = 0; j < v.length; j++) s += v[j] * v[j];
  return s;
}
