import type { CsrMatrix } from '@zoo/core';

/**
 * Inverted dropout on a sparse matrix's nonzeros (APPNP's MixedDropout on sparse features):
 * each value is kept with probability 1−rate and scaled by 1/(1−rate). `random` gives U[0,1).
 * The structure is shared (CsrMatrix.withValues), so the transpose comes through its permutation.
 */
export function sparseDropout(a: CsrMatrix, rate: number, random: () => number): CsrMatrix {
  if (rate <= 0) return a;
  const scale = 1 / (1 - rate);
  const v = new Float32Array(a.nnz);
  for (let p = 0; p < v.length; p++) v[p] = random() < rate ? 0 : a.values[p] * scale;
  return a.withValues(v);
}
