import { checkCsr, type Csr } from './check-csr';

const good = (): Csr => ({ rows: 3, cols: 4, indptr: Int32Array.of(0, 2, 2, 3), indices: Int32Array.of(0, 3, 1), values: Float32Array.of(1, 2, 3) });

describe('checkCsr', () => {
  it('accepts well-formed CSR (also with spare capacity after indptr[rows])', () => {
    expect(() => checkCsr(good())).not.toThrow();
    expect(() => checkCsr({ ...good(), indices: Int32Array.of(0, 3, 1, 99), values: Float32Array.of(1, 2, 3, 4) })).not.toThrow();
  });

  it('names the bad entry in one line', () => {
    expect(() => checkCsr({ ...good(), indices: Int32Array.of(0, 4, 1) })).toThrow('csrMulDense: A (3×4): column index 4 in row 0 (nonzero 1) is outside [0, 4)');
    expect(() => checkCsr({ ...good(), indices: Int32Array.of(0, 3, -1) })).toThrow('column index -1 in row 2 (nonzero 2)');
    expect(() => checkCsr({ ...good(), indptr: Int32Array.of(0, 2, 1, 3) })).toThrow('indptr decreases at row 1 (2 → 1)');
    expect(() => checkCsr({ ...good(), indptr: Int32Array.of(1, 2, 2, 3) })).toThrow('indptr must have 4 offsets starting at 0, got 4 starting at 1');
    expect(() => checkCsr({ ...good(), values: Float32Array.of(1, 2) })).toThrow('indptr ends at 3 but there are 3 indices and 2 values');
  });
});
