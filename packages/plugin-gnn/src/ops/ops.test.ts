import { Rng, tf, CsrMatrix, csrMatMul } from '@zoo/core';
import { conjugateGradient, SparseSolver } from './cg-solve';
import { normalizedAdjacency, symmetricAdjacency } from './graph';
import { sparseDropout } from './sparse-dropout';

function randomSparse(rng: Rng, rows: number, cols: number, density: number): CsrMatrix {
  const r: number[] = [];
  const c: number[] = [];
  const v: number[] = [];
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) if (rng.next() < density) (r.push(i), c.push(j), v.push(rng.normal()));
  return CsrMatrix.fromCoo(rows, cols, r, c, v);
}

/** Dense solve by Gauss–Jordan elimination with partial pivoting (reference for CG). */
function denseSolve(a: Float64Array, b: Float64Array, n: number, k: number): Float64Array {
  const m = Float64Array.from(a);
  const x = Float64Array.from(b);
  for (let col = 0; col < n; col++) {
    let piv = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(m[r * n + col]) > Math.abs(m[piv * n + col])) piv = r;
    for (let j = 0; j < n; j++) [m[col * n + j], m[piv * n + j]] = [m[piv * n + j], m[col * n + j]];
    for (let j = 0; j < k; j++) [x[col * k + j], x[piv * k + j]] = [x[piv * k + j], x[col * k + j]];
    const d = m[col * n + col];
    for (let r = 0; r < n; r++) {
      if (r === col) continue;
      const f = m[r * n + col] / d;
      for (let j = 0; j < n; j++) m[r * n + j] -= f * m[col * n + j];
      for (let j = 0; j < k; j++) x[r * k + j] -= f * x[col * k + j];
    }
  }
  for (let r = 0; r < n; r++) for (let j = 0; j < k; j++) x[r * k + j] /= m[r * n + r];
  return x;
}

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

describe('graph matrices', () => {
  it('normalizes adjacency as D̃^-1/2 (A+I) D̃^-1/2 (hand-computed path graph)', () => {
    // path 0–1–2 plus a duplicate and a self loop that must be dropped
    const a = symmetricAdjacency(3, [0, 1, 1, 2], [1, 2, 0, 2]);
    const n = normalizedAdjacency(a).toDense();
    const d = [2, 3, 2];
    const expected = [
      [1 / d[0], 1 / Math.sqrt(d[0] * d[1]), 0],
      [1 / Math.sqrt(d[0] * d[1]), 1 / d[1], 1 / Math.sqrt(d[1] * d[2])],
      [0, 1 / Math.sqrt(d[1] * d[2]), 1 / d[2]],
    ].flat();
    expect(maxAbsDiff(n, expected)).toBeLessThan(1e-6);
  });
});

describe('csrMatMul on graph matrices (from @zoo/ops)', () => {
  it('matches dense matmul and its gradient is Aᵀ·dY (checked against tfjs autodiff on the dense matrix)', () => {
    const rng = new Rng(1);
    const a = randomSparse(rng, 7, 5, 0.4);
    const x = tf.tensor2d(rng.uniformArray(15, -1, 1), [5, 3]);
    const w = tf.tensor2d(rng.uniformArray(21, -1, 1), [7, 3]);
    const dense = tf.tensor2d(a.toDense(), [7, 5]);
    const before = tf.memory().numTensors;
    const y = csrMatMul(a, x);
    expect(maxAbsDiff(y.dataSync(), tf.tidy(() => tf.matMul(dense, x).dataSync()))).toBeLessThan(1e-5);
    const g = tf.grad((xx: tf.Tensor) => csrMatMul(a, xx as tf.Tensor2D).mul(w).sum())(x);
    const gRef = tf.grad((xx: tf.Tensor) => tf.matMul(dense, xx as tf.Tensor2D).mul(w).sum())(x);
    expect(maxAbsDiff(g.dataSync(), gRef.dataSync())).toBeLessThan(1e-5);
    tf.dispose([y, g, gRef]);
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([x, w, dense]);
  });

  it('sparse dropout keeps about 1−rate of the nonzeros, scaled by 1/(1−rate)', () => {
    const rng = new Rng(2);
    const a = CsrMatrix.fromCoo(100, 100, Array.from({ length: 5000 }, (_, i) => i % 100), Array.from({ length: 5000 }, (_, i) => Math.floor(i / 50)), new Array(5000).fill(1));
    const d = sparseDropout(a, 0.5, () => rng.next());
    const kept = Array.from(d.values).filter((v) => v !== 0);
    expect(Math.abs(kept.length / a.nnz - 0.5)).toBeLessThan(0.03);
    expect(new Set(kept)).toEqual(new Set([2]));
    // the derived transpose carries the same dropped values
    expect(Array.from(d.transpose().toDense())).toEqual(Array.from(tf.tidy(() => tf.tensor2d(d.toDense(), [100, 100]).transpose().dataSync())));
  });
});

describe('conjugate gradient solve', () => {
  const rng = new Rng(3);
  const n = 30;
  const adj = symmetricAdjacency(n, Array.from({ length: 80 }, () => rng.int(n)), Array.from({ length: 80 }, () => rng.int(n)));
  const aHat = normalizedAdjacency(adj);
  const m = aHat.scaleAddIdentity(-0.9, 1); // I − 0.9Â: SPD
  const mDense = Float64Array.from(m.toDense());

  it('agrees with a dense direct solve (known answer)', () => {
    const b = Float64Array.from(rng.uniformArray(n * 2, -1, 1));
    const { x, iterations, residual } = conjugateGradient(m, b, 2, { tol: 1e-10, maxIter: 500 });
    expect(residual).toBeLessThan(1e-9);
    expect(iterations).toBeLessThanOrEqual(n + 5);
    expect(maxAbsDiff(x, denseSolve(mDense, b, n, 2))).toBeLessThan(1e-8);
  });

  it('has the gradient M⁻¹·dZ, checked by finite differences', () => {
    const solver = new SparseSolver(m, { tol: 1e-12, maxIter: 1000 });
    const b = tf.tensor2d(rng.uniformArray(n * 2, -1, 1), [n, 2]);
    const w = tf.tensor2d(rng.uniformArray(n * 2, -1, 1), [n, 2]);
    const f = (bb: tf.Tensor) => solver.solve(bb as tf.Tensor2D).mul(w).sum() as tf.Scalar;
    const g = tf.grad(f)(b).dataSync();
    const base = b.dataSync();
    const eps = 1e-2;
    for (const i of [0, 7, 33, 59]) {
      const plus = Float32Array.from(base);
      const minus = Float32Array.from(base);
      plus[i] += eps;
      minus[i] -= eps;
      const fd = tf.tidy(() => (f(tf.tensor2d(plus, [n, 2])).dataSync()[0] - f(tf.tensor2d(minus, [n, 2])).dataSync()[0]) / (2 * eps));
      expect(Math.abs(fd - g[i])).toBeLessThan(1e-3 * Math.max(1, Math.abs(g[i])));
    }
    tf.dispose([b, w]);
  });
});
