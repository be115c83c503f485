import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { csrMatMul, csrMulDense, csrTranspose, type Csr } from './csr-matmul';
import { simdAvailable } from './simd/spmm';
import { setNativeKernels } from './native';

/** Random CSR with empty rows, rows with odd and even nonzero counts, and a repeated column. */
function randomCsr(rows: number, cols: number, seed: number): { csr: Csr; dense: Float32Array } {
  let s = seed;
  const r = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 4294967296);
  const dense = new Float32Array(rows * cols);
  const indptr = new Int32Array(rows + 1);
  const indices: number[] = [];
  const values: number[] = [];
  for (let i = 0; i < rows; i++) {
    const count = i % 5 === 0 ? 0 : Math.floor(r() * 6);
    for (let c = 0; c < count; c++) {
      const j = Math.floor(r() * cols);
      const v = r() * 2 - 1;
      indices.push(j);
      values.push(v);
      dense[i * cols + j] += Math.fround(v);
    }
    indptr[i + 1] = indices.length;
  }
  return { csr: { rows, cols, indptr, indices: Int32Array.from(indices), values: Float32Array.from(values) }, dense };
}

function denseMul(a: Float32Array, rows: number, cols: number, x: Float32Array, k: number): Float32Array {
  const y = new Float32Array(rows * k);
  for (let i = 0; i < rows; i++) for (let c = 0; c < cols; c++) for (let j = 0; j < k; j++) y[i * k + j] += a[i * cols + c] * x[c * k + j];
  return y;
}

describe('CSR × dense', () => {
  it('the wasm SIMD kernel loads in Node', () => {
    expect(simdAvailable()).toBe(true);
  });

  it.each([128, 64, 70, 5])('the C kernel (when built) equals the wasm SIMD (k = 128, 64) and JS (k = 70, 5) paths: k = %i', (k) => {
    const { csr, dense } = randomCsr(300, 90, k + 1);
    const x = Float32Array.from({ length: 90 * k }, (_, i) => Math.sin(i * 0.37));
    const withC = csrMulDense(csr, x, k);
    const was = setNativeKernels(false);
    const without = csrMulDense(csr, x, k);
    setNativeKernels(was);
    const want = denseMul(dense, 300, 90, x, k);
    let toJs = 0;
    let toDense = 0;
    for (let i = 0; i < want.length; i++) {
      toJs = Math.max(toJs, Math.abs(withC[i] - without[i]));
      toDense = Math.max(toDense, Math.abs(withC[i] - want[i]));
    }
    expect(toJs).toBeLessThan(1e-6);
    expect(toDense).toBeLessThan(1e-5);
  });

  it('rejects malformed CSR in one line naming the entry (kernels would read outside X)', () => {
    const { csr } = randomCsr(30, 9, 3);
    const x = new Float32Array(9 * 4);
    const p = csr.indptr[7];
    expect(csr.indptr[8]).toBeGreaterThan(p);
    const bad = { ...csr, indices: csr.indices.slice() };
    bad.indices[p] = 9;
    expect(() => csrMulDense(bad, x, 4)).toThrow(`csrMulDense: A (30×9): column index 9 in row 7 (nonzero ${p}) is outside [0, 9)`);
    expect(() => csrMulDense({ ...csr, indptr: csr.indptr.subarray(1) }, x, 4)).toThrow(/indptr must have 31 offsets starting at 0/);
  });

  it.each([4, 8, 12, 5, 1])('csrMulDense matches the dense product (k = %i; the C kernel when built, else SIMD for multiples of 4)', (k) => {
    const { csr, dense } = randomCsr(23, 17, k);
    const x = Float32Array.from({ length: 17 * k }, (_, i) => Math.sin(i * 1.7));
    const got = csrMulDense(csr, x, k);
    const want = denseMul(dense, 23, 17, x, k);
    for (let i = 0; i < want.length; i++) expect(Math.abs(got[i] - want[i])).toBeLessThan(1e-5);
    // a reused output buffer is overwritten, not accumulated into
    const again = csrMulDense(csr, x, k, got);
    for (let i = 0; i < want.length; i++) expect(Math.abs(again[i] - want[i])).toBeLessThan(1e-5);
  });

  it('rejects operands of the wrong size, naming the expected shape', () => {
    const { csr } = randomCsr(3, 4, 1);
    expect(() => csrMulDense(csr, new Float32Array(7), 2)).toThrow(/expected 4×2/);
  });

  it('csrMatMul: value and gradient equal tf.matMul with the dense matrix, no leaks', () => {
    const { csr, dense } = randomCsr(9, 6, 3);
    const a = tf.tensor2d(dense, [9, 6]);
    const x = tf.tensor2d(Array.from({ length: 6 * 8 }, (_, i) => Math.cos(i)), [6, 8]);
    const w = tf.tensor2d(Array.from({ length: 9 * 8 }, (_, i) => Math.sin(i * 0.3)), [9, 8]);
    const before = tf.memory().numTensors;
    const at = csrTranspose(csr);
    const ours = tf.valueAndGrad((xx: tf.Tensor) => csrMatMul(csr, xx as tf.Tensor2D, at).mul(w).sum() as tf.Scalar)(x);
    const ref = tf.valueAndGrad((xx: tf.Tensor) => tf.matMul(a, xx as tf.Tensor2D).mul(w).sum() as tf.Scalar)(x);
    expect(ours.value.dataSync()[0]).toBeCloseTo(ref.value.dataSync()[0], 4);
    const g1 = ours.grad.dataSync();
    const g2 = ref.grad.dataSync();
    for (let i = 0; i < g1.length; i++) expect(Math.abs(g1[i] - g2[i])).toBeLessThan(1e-5);
    tf.dispose([ours.value, ours.grad, ref.value, ref.grad]);
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([a, x, w]);
  });

  it('the committed wasm bytes are the compiled spmm.wat (run scripts/build-wasm.js after editing it)', () => {
    const script = path.join(__dirname, '..', 'scripts', 'build-wasm.js');
    expect(() => execFileSync(process.execPath, [script, '--check'], { stdio: 'pipe' })).not.toThrow();
  });
});
