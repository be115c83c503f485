import { tf } from '@zoo/core';
import { unaryOp } from './custom-grad';
import { CsrMatrix } from './csr';

export interface CgOptions {
  /** Stop when ‖r‖ ≤ tol·‖b‖ for every column. */
  tol: number;
  maxIter: number;
}

/**
 * Conjugate gradient for M·Z = B, M sparse symmetric positive definite, one independent CG per
 * column of B (n×k), in float64. `x0` warm-starts. Returns the solution and iterations used.
 */
export function conjugateGradient(
  m: CsrMatrix,
  b: ArrayLike<number>,
  k: number,
  opts: CgOptions,
  x0?: Float64Array,
): { x: Float64Array; iterations: number; residual: number } {
  const n = m.rows;
  const x = x0 ? Float64Array.from(x0) : new Float64Array(n * k);
  const r = new Float64Array(n * k);
  const ax = mulDense64(m, x, k);
  for (let i = 0; i < r.length; i++) r[i] = b[i] - ax[i];
  const p = Float64Array.from(r);
  const rr = colDot(r, r, n, k);
  const bb = colDot(Float64Array.from(b as ArrayLike<number>), Float64Array.from(b as ArrayLike<number>), n, k);
  const tol2 = bb.map((v) => Math.max(v, 1e-300) * opts.tol * opts.tol);
  let it = 0;
  const done = () => rr.every((v, j) => v <= tol2[j]);
  while (it < opts.maxIter && !done()) {
    const ap = mulDense64(m, p, k);
    const pap = colDot(p, ap, n, k);
    const alpha = rr.map((v, j) => (v <= tol2[j] || pap[j] === 0 ? 0 : v / pap[j]));
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < k; j++) {
        const q = i * k + j;
        x[q] += alpha[j] * p[q];
        r[q] -= alpha[j] * ap[q];
      }
    }
    const rrNew = colDot(r, r, n, k);
    const beta = rrNew.map((v, j) => (rr[j] === 0 ? 0 : v / rr[j]));
    for (let i = 0; i < n; i++) for (let j = 0; j < k; j++) p[i * k + j] = r[i * k + j] + beta[j] * p[i * k + j];
    rr.set(rrNew);
    it++;
  }
  const residual = Math.sqrt(Math.max(...rr.map((v, j) => v / Math.max(bb[j], 1e-300))));
  return { x, iterations: it, residual };
}

function mulDense64(m: CsrMatrix, x: Float64Array, k: number): Float64Array {
  const out = new Float64Array(m.rows * k);
  const { indptr, indices, values } = m;
  for (let i = 0; i < m.rows; i++) {
    const o = i * k;
    for (let p = indptr[i]; p < indptr[i + 1]; p++) {
      const a = values[p];
      const xo = indices[p] * k;
      for (let j = 0; j < k; j++) out[o + j] += a * x[xo + j];
    }
  }
  return out;
}

function colDot(a: Float64Array, b: Float64Array, n: number, k: number): Float64Array {
  const s = new Float64Array(k);
  for (let i = 0; i < n; i++) for (let j = 0; j < k; j++) s[j] += a[i * k + j] * b[i * k + j];
  return s;
}

/**
 * Differentiable sparse SPD solve Z = M⁻¹·B. Backward: ∂L/∂B = M⁻ᵀ·∂L/∂Z = M⁻¹·∂L/∂Z (M symmetric),
 * solved by CG too. The solver warm-starts each call from the previous solution of the same
 * shape, which cuts iterations sharply during training where B changes slowly.
 */
export class SparseSolver {
  private lastForward?: Float64Array;
  private lastBackward?: Float64Array;
  lastIterations = 0;

  constructor(
    readonly m: CsrMatrix,
    readonly opts: CgOptions = { tol: 1e-6, maxIter: 1000 },
  ) {}

  solve(b: tf.Tensor2D): tf.Tensor2D {
    const [n, k] = b.shape;
    if (n !== this.m.rows) throw new Error(`solve: M is ${this.m.rows}×${this.m.cols} but B has ${n} rows`);
    const op = unaryOp((bIn: tf.Tensor) => {
      const fw = conjugateGradient(this.m, bIn.dataSync(), k, this.opts, this.warm(this.lastForward, n * k));
      this.lastForward = fw.x;
      this.lastIterations = fw.iterations;
      return {
        value: tf.tensor2d(Float32Array.from(fw.x), [n, k]),
        gradFunc: (dz: tf.Tensor) => {
          const bw = conjugateGradient(this.m, dz.dataSync(), k, this.opts, this.warm(this.lastBackward, n * k));
          this.lastBackward = bw.x;
          return tf.tensor2d(Float32Array.from(bw.x), [n, k]);
        },
      };
    });
    return op(b) as tf.Tensor2D;
  }

  private warm(prev: Float64Array | undefined, size: number): Float64Array | undefined {
    return prev && prev.length === size ? prev : undefined;
  }
}
