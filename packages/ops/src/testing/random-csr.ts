import { CsrMatrix } from '../csr/csr-matrix';

/**
 * A deterministic random sparse matrix for tests (`@zoo/ops/testing`): every fifth row empty, the others
 * 0–5 nonzeros (odd and even row lengths), columns drawn with repeats (summed by `fromCoo`), values in
 * [−1, 1). A 32-bit LCG (s ← 1664525·s + 1013904223 mod 2³²) seeded by `seed` draws count, then per
 * entry column and value, row by row.
 */
export function randomCsr(rows: number, cols: number, seed: number): CsrMatrix {
  let s = seed;
  const r = () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 4294967296;
  const ri: number[] = [];
  const ci: number[] = [];
  const v: number[] = [];
  for (let i = 0; i < rows; i++) {
    const count = i % 5 === 0 ? 0 : Math.floor(r() * 6);
    for (let c = 0; c < count; c++) {
      ri.push(i);
      ci.push(Math.floor(r() * cols));
      v.push(r() * 2 - 1);
    }
  }
  return CsrMatrix.fromCoo(rows, cols, ri, ci, v);
}
