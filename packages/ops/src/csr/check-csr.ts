/** A CSR matrix on typed arrays (rows × cols), as graph code holds adjacency matrices. */
export interface Csr {
  readonly rows: number;
  readonly cols: number;
  readonly indptr: Int32Array;
  readonly indices: Int32Array;
  readonly values: Float32Array;
}

const checked = new WeakSet<Csr>();

/**
 * Throws, naming the first bad entry, unless A is well-formed CSR: indptr of rows + 1 non-decreasing
 * offsets from 0, and column indices inside [0, cols) (the kernels trust them: an index out of range
 * would read outside X). Checked once per matrix object, O(nnz); a matrix mutated later is not re-checked.
 */
export function checkCsr(a: Csr, what = 'csrMulDense'): void {
  if (checked.has(a)) return;
  const { rows, cols, indptr, indices, values } = a;
  const where = `${what}: A (${rows}×${cols})`;
  if (indptr.length !== rows + 1 || indptr[0] !== 0) throw new Error(`${where}: indptr must have ${rows + 1} offsets starting at 0, got ${indptr.length} starting at ${indptr[0]}`);
  for (let i = 0; i < rows; i++) if (indptr[i + 1] < indptr[i]) throw new Error(`${where}: indptr decreases at row ${i} (${indptr[i]} → ${indptr[i + 1]})`);
  const nnz = indptr[rows];
  if (nnz > indices.length || nnz > values.length) throw new Error(`${where}: indptr ends at ${nnz} but there are ${indices.length} indices and ${values.length} values`);
  for (let p = 0; p < nnz; p++) {
    if (!(indices[p] >= 0 && indices[p] < cols)) {
      let row = 0;
      while (indptr[row + 1] <= p) row++;
      throw new Error(`${where}: column index ${indices[p]} in row ${row} (nonzero ${p}) is outside [0, ${cols})`);
    }
  }
  checked.add(a);
}
