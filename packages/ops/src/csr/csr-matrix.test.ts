import { CsrMatrix, csrTranspose } from './csr-matrix';

describe('CsrMatrix', () => {
  it('sums duplicates, sorts columns, transposes, and multiplies like the dense matrix', () => {
    const m = CsrMatrix.fromCoo(2, 3, [1, 0, 1, 0], [2, 1, 2, 0], [1, 2, 3, 4]);
    expect(Array.from(m.indptr)).toEqual([0, 2, 3]);
    expect(Array.from(m.indices)).toEqual([0, 1, 2]);
    expect(Array.from(m.values)).toEqual([4, 2, 4]);
    expect(m.nnz).toBe(3);
    expect(Array.from(m.transpose().toDense())).toEqual([4, 0, 2, 0, 0, 4]);
    expect(m.transpose().transpose()).toBe(m);
    expect(Array.from(m.mulDense([1, 2, 3, 4, 5, 6], 2))).toEqual([4 * 1 + 2 * 3, 4 * 2 + 2 * 4, 4 * 5, 4 * 6]);
    expect(() => CsrMatrix.fromCoo(2, 2, [2], [0], [1])).toThrow(/outside 2×2/);
    expect(() => m.mulDense([1, 2, 3], 2)).toThrow(/X has 3 values, expected 3×2/);
  });

  it('withValues keeps the structure and derives the new transpose through the permutation', () => {
    const m = CsrMatrix.fromCoo(3, 3, [0, 0, 1, 2, 2], [1, 2, 0, 0, 2], [1, 2, 3, 4, 5]);
    m.transpose();
    const w = m.withValues(Float32Array.of(10, 20, 30, 40, 50));
    expect(w.indices).toBe(m.indices);
    expect(Array.from(w.transpose().toDense())).toEqual(Array.from(CsrMatrix.fromCoo(3, 3, [1, 2, 0, 0, 2], [0, 0, 1, 2, 2], [10, 20, 30, 40, 50]).toDense()));
  });

  it('identity, scaleAddIdentity (existing and missing diagonals) and rowSums', () => {
    expect(Array.from(CsrMatrix.identity(2, 3).toDense())).toEqual([3, 0, 0, 3]);
    const m = CsrMatrix.fromCoo(2, 2, [0, 1], [0, 0], [2, 5]);
    expect(Array.from(m.scaleAddIdentity(2, 1).toDense())).toEqual([5, 0, 10, 1]);
    expect(Array.from(m.rowSums())).toEqual([2, 5]);
  });

  it('checks sizes on construction; from() wraps a plain CSR object once; csrTranspose', () => {
    expect(() => new CsrMatrix(2, 2, Int32Array.of(0, 1), Int32Array.of(0), Float32Array.of(1))).toThrow(/indptr has 2 entries, expected 3/);
    expect(() => new CsrMatrix(1, 2, Int32Array.of(0, 2), Int32Array.of(0), Float32Array.of(1))).toThrow(/1 indices, 1 values, indptr ends at 2/);
    const plain = { rows: 1, cols: 2, indptr: Int32Array.of(0, 1), indices: Int32Array.of(1), values: Float32Array.of(7) };
    expect(CsrMatrix.from(plain)).toBe(CsrMatrix.from(plain));
    expect(Array.from(csrTranspose(plain).toDense())).toEqual([0, 7]);
    const m = CsrMatrix.fromCoo(1, 2, [0], [1], [7]);
    expect(CsrMatrix.from(m)).toBe(m);
    expect(() => CsrMatrix.from({ ...plain }, plain)).toThrow(/a 1×2 matrix cannot be the transpose of a 1×2 one/);
  });
});
