import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { simdAvailable } from '../simd/spmm';
import { csrMulDense, csrMulDenseLoop } from './csr-mul-dense';
import { CsrMatrix } from './csr-matrix';
import { randomCsr } from '../testing/random-csr';

function denseMul(a: Float64Array, rows: number, cols: number, x: Float32Array, k: number): Float64Array {
  const y = new Float64Array(rows * k);
  for (let i = 0; i < rows; i++) for (let c = 0; c < cols; c++) for (let j = 0; j < k; j++) y[i * k + j] += a[i * cols + c] * x[c * k + j];
  return y;
}

/** What the C kernel (-ffp-contract=off) and the SIMD kernel compute: float32 product, then float32 sum. */
function float32Reference(a: CsrMatrix, x: Float32Array, k: number): Float32Array {
  const y = new Float32Array(a.rows * k);
  for (let i = 0; i < a.rows; i++)
    for (let p = a.indptr[i]; p < a.indptr[i + 1]; p++)
      for (let j = 0; j < k; j++) y[i * k + j] = Math.fround(y[i * k + j] + Math.fround(a.values[p] * x[a.indices[p] * k + j]));
  return y;
}

describe('csrMulDense', () => {
  it('the wasm SIMD kernel loads in Node', () => {
    expect(simdAvailable()).toBe(true);
  });

  it.each([4, 8, 12, 128, 5, 1, 70])('matches the dense product, and the SIMD kernel and the JS loop give the same bits (k = %i)', (k) => {
    const a = randomCsr(60, 17, k);
    const dense = Float64Array.from(a.toDense());
    const x = Float32Array.from({ length: 17 * k }, (_, i) => Math.sin(i * 1.7));
    const got = csrMulDense(a, x, k);
    const want = denseMul(dense, 60, 17, x, k);
    for (let i = 0; i < want.length; i++) expect(Math.abs(got[i] - want[i])).toBeLessThan(1e-5);
    const loop = csrMulDenseLoop(a, x, k, new Float32Array(60 * k).fill(7));
    expect(Array.from(loop)).toEqual(Array.from(float32Reference(a, x, k)));
    expect(Array.from(got)).toEqual(Array.from(loop));
    // a reused output buffer is overwritten, not accumulated into
    expect(Array.from(csrMulDense(a, x, k, got))).toEqual(Array.from(loop));
  });

  it('rejects operands of the wrong size, naming the expected shape', () => {
    const a = randomCsr(3, 4, 1);
    expect(() => csrMulDense(a, new Float32Array(7), 2)).toThrow(/X has 7 values, expected 4×2/);
    expect(() => csrMulDense(a, new Float32Array(8), 2, new Float32Array(5))).toThrow(/output has 5 values, expected 3×2/);
  });

  it('the committed wasm bytes are the compiled spmm.wat (run scripts/build-wasm.js after editing it)', () => {
    const script = path.join(__dirname, '..', '..', 'scripts', 'build-wasm.js');
    expect(() => execFileSync(process.execPath, [script, '--check'], { stdio: 'pipe' })).not.toThrow();
  });
});
