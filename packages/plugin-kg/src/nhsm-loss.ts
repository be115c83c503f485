import { matMulArrays, tf } from '@zoo/core';
import { nhsmBackwardRows, nhsmForwardRows } from './nhsm-rows';

/**
 * Normalized Hard Sample Mining (Dual-AMN, Mao et al. 2021, Sec. 4.3; the code's `align_loss`), both
 * directions of every seed pair b = (l_b, r_b) against every entity e_j of emb [N, d]:
 *   pos_b = ‖l_b − r_b‖²;   for each anchor a ∈ {l_b, r_b}:
 *   x_aj = pos_b − ‖a − e_j‖² + γ,   x_aj = 0 for j ∈ {l_b, r_b}
 *   z_aj = (x_aj − μ_a)/σ_a   (μ_a, σ_a: mean and population std over all j, held constant: no gradient)
 *   L_b  = logsumexp_j(λ·z_lj + τ) + logsumexp_j(λ·z_rj + τ)
 * Returns L [B]. γ = 1, λ = 30, τ = 10.
 *
 * Fused: the 2B anchors go through one sgemm against emb for the 2B×N scores, kept for the backward pass,
 * and the gradient is two matmuls and row passes (nhsm-rows.ts: WebAssembly SIMD where available). With G_aj = ∂L_b·λ·softmax_j(λz_a)/σ_a (0 where
 * masked) and A the anchor rows:
 *   ∂A = −2·(rowsum(G)∘A − G·E),   ∂E = 2·(Gᵀ·A − colsum(G)∘E),   ∂pos_b = Σ_j (G_lj + G_rj)
 * then ∂A and ∂pos (∂pos/∂l = 2(l − r) = −∂pos/∂r) are added into the rows l_b and r_b of ∂E.
 */
export interface NhsmOptions {
  gamma?: number;
  lambda?: number;
  tau?: number;
  /** The row passes in WebAssembly SIMD where available (default); false: the JS loops. */
  simd?: boolean;
}

/**
 * Softmax terms below e^−46 ≈ 1e−20 of their row's largest are flushed to 0: they cannot change a float32
 * sum or gradient, and as subnormal floats they made every sgemm that reads G ~25× slower (measured).
 */
const FLUSH_BELOW = -46;

export function nhsmLoss(emb: tf.Tensor2D, left: Int32Array, right: Int32Array, opts: NhsmOptions = {}): tf.Tensor1D {
  const gamma = opts.gamma ?? 1;
  const lambda = opts.lambda ?? 30;
  const tau = opts.tau ?? 10;
  const [N, d] = emb.shape;
  const B = left.length;
  if (right.length !== B) throw new Error(`nhsmLoss: ${B} left but ${right.length} right entities`);
  for (const ids of [left, right]) for (const j of ids) if (j < 0 || j >= N) throw new Error(`nhsmLoss: entity ${j} outside 0..${N - 1}`);
  const rows = 2 * B; // anchors: l_0..l_{B−1}, r_0..r_{B−1}
  const anchorId = (a: number) => (a < B ? left[a] : right[a - B]);
  const op = tf.customGrad(((eIn: tf.Tensor2D, save: tf.GradSaveFunc) => {
    const E = eIn.dataSync() as Float32Array;
    const A = new Float32Array(rows * d);
    for (let a = 0; a < rows; a++) A.set(E.subarray(anchorId(a) * d, anchorId(a) * d + d), a * d);
    const norms = new Float32Array(N);
    for (let j = 0; j < N; j++) {
      let s = 0;
      for (let k = 0; k < d; k++) s += E[j * d + k] * E[j * d + k];
      norms[j] = s;
    }
    const pos = new Float64Array(B);
    for (let b = 0; b < B; b++) {
      let s = 0;
      for (let k = 0; k < d; k++) {
        const t = A[b * d + k] - A[(B + b) * d + k];
        s += t * t;
      }
      pos[b] = s;
    }
    // one buffer: the 2B×N scores x, then (in place) e_aj = exp(λ(x_aj − max_j x_aj)/σ_a), so that the
    // backward pass reads p_aj = e_aj / Σ_j e_aj without a second exp
    const x = matMulArrays(A, [rows, d], E, [N, d], false, true);
    const c = new Float64Array(rows);
    for (let a = 0; a < rows; a++) c[a] = pos[a % B] - norms[anchorId(a)] + gamma;
    const masks = { a: Int32Array.from({ length: rows }, (_, a) => left[a % B]), b: Int32Array.from({ length: rows }, (_, a) => right[a % B]) };
    const fwd = nhsmForwardRows(x, rows, N, c, norms, masks, lambda, FLUSH_BELOW, opts.simd ?? true);
    // logsumexp_j(λ·z + τ) = k(max − μ) + log Σ_j e + τ
    const out = new Float32Array(B);
    for (let a = 0; a < rows; a++) out[a % B] += fwd.shift[a] + Math.log(fwd.sumE[a]) + tau;
    save([eIn]);
    return {
      value: tf.tensor1d(out),
      gradFunc: (dy: tf.Tensor1D, saved: tf.Tensor[]) => {
        const g = dy.dataSync();
        const Es = saved[0].dataSync() as Float32Array;
        // G_aj = ∂L_b·λ/σ_a·p_aj (0 where masked), in place of e
        const G = x;
        const w = Float64Array.from({ length: rows }, (_, a) => (g[a % B] * lambda) / fwd.sigma[a] / fwd.sumE[a]);
        const { rowSum, colSum } = nhsmBackwardRows(G, rows, N, w, masks, opts.simd ?? true);
        // ∂E = 2·(GᵀA − colsum∘E), in place of the product
        const dE = matMulArrays(G, [rows, N], A, [rows, d], true, false);
        for (let j = 0; j < N; j++) for (let k = 0; k < d; k++) dE[j * d + k] = 2 * (dE[j * d + k] - colSum[j] * Es[j * d + k]);
        // ∂A = 2·(G·E − rowsum∘A), and ∂pos, into the anchors' rows
        const GE = matMulArrays(G, [rows, N], Es, [N, d]);
        for (let a = 0; a < rows; a++) {
          const b = a % B;
          const ro = anchorId(a) * d;
          const dpos = rowSum[b] + rowSum[B + b];
          const sign = a < B ? 2 : -2; // ∂pos/∂l = 2(l − r), ∂pos/∂r = −2(l − r)
          for (let k = 0; k < d; k++) {
            const diff = A[b * d + k] - A[(B + b) * d + k];
            dE[ro + k] += 2 * (GE[a * d + k] - rowSum[a] * A[a * d + k]) + sign * dpos * diff;
          }
        }
        return tf.tensor2d(dE, [N, d]);
      },
    };
  }) as unknown as Parameters<typeof tf.customGrad>[0]);
  return op(emb) as tf.Tensor1D;
}
