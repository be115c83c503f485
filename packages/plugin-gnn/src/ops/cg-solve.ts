import { tf, CsrMatrix } from '@zoo/core';
import { unaryOp } from './custom-grad';

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
  const x = new Float64Array(n * k);
  const bc = new Float64Array(n);
  const xc = new Float64Array(n);
  const work = { r: new Float64Array(n), p: new Float64Array(n), ap: new Float64Array(n) };
  let iterations = 0;
  let residual = 0;
  // One scalar CG per column on contiguous vectors: the sparse mat-vec accumulates in a register.
  for (let j = 0; j < k; j++) {
    for (let i = 0; i < n; i++) {
      bc[i] = b[i * k + j];
      xc[i] = x0 ? x0[i * k + j] : 0;
    }
    const res = cgColumn(m, bc, xc, opts, work);
    iterations = Math.max(iterations, res.iterations);
    residual = Math.max(residual, res.residual);
    for (let i = 0; i < n; i++) x[i * k + j] = xc[i];
  }
  return { x, iterations, residual };
}

function cgColumn(
  m: CsrMatrix,
  b: Float64Array,
  x: Float64Array,
  opts: CgOptions,
  w: { r: Float64Array; p: Float64Array; ap: Float64Array },
): { iterations: number; residual: number } {
  const n = m.rows;
  const { indptr, indices, values } = m;
  const { r, p, ap } = w;
  let rr = 0;
  let bb = 0;
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let e = indptr[i]; e < indptr[i + 1]; e++) s += values[e] * x[indices[e]];
    r[i] = b[i] - s;
    p[i] = r[i];
    rr += r[i] * r[i];
    bb += b[i] * b[i];
  }
  const tol2 = Math.max(bb, 1e-300) * opts.tol * opts.tol;
  let it = 0;
  while (it < opts.maxIter && rr > tol2) {
    let pap = 0;
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let e = indptr[i]; e < indptr[i + 1]; e++) s += values[e] * p[indices[e]];
      ap[i] = s;
      pap += p[i] * s;
    }
    if (pap <= 0) break; // not SPD along p (or p = 0): stop rather than diverge
    const alpha = rr / pap;
    let rrNew = 0;
    for (let i = 0; i < n; i++) {
      x[i] += alpha * p[i];
      const v = (r[i] -= alpha * ap[i]);
      rrNew += v * v;
    }
    const beta = rrNew / rr;
    for (let i = 0; i < n; i++) p[i] = r[i] + beta * p[i];
    rr = rrNew;
    it++;
  }
  return { iterations: it, residual: Math.sqrt(rr / Math.max(bb, 1e-300)) };
}

/**
 * Differentiable sparse SPD solve Z = M⁻¹·B. Backward: ∂L/∂B = M⁻ᵀ·∂L/∂Z = M⁻¹·∂L/∂Z (M symmetric),
 * solved by CG too. The solver warm-starts each call from the previous solution of the same
 * shape, which cuts iterations sharply during training where B changes slowly.
 */
export class SparseSolver {
  /** Previous solutions per slot (e.g. 'train', 'eval'), forward and backward, for warm starts. */
  private readonly warmStarts = new Map<string, Float64Array>();
  lastIterations = 0;

  constructor(
    readonly m: CsrMatrix,
    readonly opts: CgOptions = { tol: 1e-6, maxIter: 1000 },
  ) {}

  /** `slot` keys the warm start: calls in one slot see slowly changing right-hand sides. */
  solve(b: tf.Tensor2D, slot = 'default'): tf.Tensor2D {
    const [n, k] = b.shape;
    if (n !== this.m.rows) throw new Error(`solve: M is ${this.m.rows}×${this.m.cols} but B has ${n} rows`);
    const op = unaryOp((bIn: tf.Tensor) => {
      const fw = conjugateGradient(this.m, bIn.dataSync(), k, this.opts, this.warm(`${slot}/fw`, n * k));
      this.warmStarts.set(`${slot}/fw`, fw.x);
      this.lastIterations = fw.iterations;
      return {
        value: tf.tensor2d(Float32Array.from(fw.x), [n, k]),
        gradFunc: (dz: tf.Tensor) => {
          const bw = conjugateGradient(this.m, dz.dataSync(), k, this.opts, this.warm(`${slot}/bw`, n * k));
          this.warmStarts.set(`${slot}/bw`, bw.x);
          return tf.tensor2d(Float32Array.from(bw.x), [n, k]);
        },
      };
    });
    return op(b) as tf.Tensor2D;
  }

  private warm(key: string, size: number): Float64Array | undefined {
    const prev = this.warmStarts.get(key);
    return prev && prev.length === size ? prev : undefined;
  }
}
