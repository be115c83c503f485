import { tf } from '@zoo/core';

/**
 * Normalized Hard Sample Mining (Dual-AMN, Mao et al. 2021, Sec. 4.3; the code's `align_loss`), one direction.
 * For anchors a_b (the left or the right entity of seed pair b = (l_b, r_b)) against every entity e_j:
 *   x_bj = ‖l_b − r_b‖² − ‖a_b − e_j‖² + γ,   x_bj = 0 for j ∈ {l_b, r_b}
 *   z_bj = (x_bj − μ_b)/σ_b   (μ_b, σ_b: mean and population std over all j, held constant: no gradient)
 *   L_b  = logsumexp_j(λ·z_bj + τ)
 * Shapes: anchors [B, d], pos = ‖l − r‖² [B], entities [N, d]; returns L [B]. γ = 1, λ = 30, τ = 10.
 *
 * Fused: the B×N matrix is computed once (one sgemm), kept for the backward pass, and the gradient is
 * three matmuls instead of tfjs's ~15 full-size ops. With G_bj = ∂out_b·λ·softmax_j(λz_b)/σ_b (0 where masked):
 *   ∂pos_b = Σ_j G_bj,   ∂A = −2·(rowsum(G)∘A − G·E),   ∂E = 2·(Gᵀ·A − colsum(G)∘E)
 */
export interface NhsmOptions {
  gamma?: number;
  lambda?: number;
  tau?: number;
}

export function nhsmLoss(anchors: tf.Tensor2D, pos: tf.Tensor1D, entities: tf.Tensor2D, left: Int32Array, right: Int32Array, opts: NhsmOptions = {}): tf.Tensor1D {
  const gamma = opts.gamma ?? 1;
  const lambda = opts.lambda ?? 30;
  const tau = opts.tau ?? 10;
  const [B] = anchors.shape;
  const N = entities.shape[0];
  if (pos.shape[0] !== B || left.length !== B || right.length !== B) throw new Error(`nhsmLoss: ${B} anchors but ${pos.shape[0]} positive distances and ${left.length}/${right.length} pair ids`);
  const op = tf.customGrad(((a: tf.Tensor2D, p: tf.Tensor1D, e: tf.Tensor2D, save: tf.GradSaveFunc) => {
    // x = pos − (‖a‖² + ‖e‖² − 2·a·eᵀ) + γ, row by row
    const values = (t: tf.Tensor) => {
      const v = t.dataSync() as Float32Array;
      t.dispose(); // the typed array outlives the tensor
      return v;
    };
    const dots = values(tf.matMul(a, e, false, true));
    const an = values(tf.tidy(() => tf.sum(tf.square(a), 1)));
    const en = values(tf.tidy(() => tf.sum(tf.square(e), 1)));
    const pv = p.dataSync();
    // one buffer: the B×N scores x, then (in place) e_bj = exp(λ(x_bj − μ_b)/σ_b − max_j), so that the
    // backward pass reads p_bj = e_bj / Σ_j e_bj without a second exp
    const x = dots;
    const sigma = new Float64Array(B);
    const rowSumE = new Float64Array(B);
    const lse = new Float32Array(B);
    for (let b = 0; b < B; b++) {
      const row = b * N;
      const c = pv[b] - an[b] + gamma;
      let s = 0;
      let q = 0;
      let xmax = -Infinity;
      for (let j = 0; j < N; j++) {
        const v = c - en[j] + 2 * x[row + j];
        x[row + j] = v;
        s += v;
        q += v * v;
      }
      for (const j of [left[b], right[b]]) {
        const v = x[row + j];
        s -= v;
        q -= v * v;
        x[row + j] = 0;
      }
      for (let j = 0; j < N; j++) if (x[row + j] > xmax) xmax = x[row + j];
      const m = s / N;
      const sd = Math.sqrt(Math.max(q / N - m * m, 0));
      sigma[b] = sd > 0 ? sd : 1;
      // logsumexp_j(λ·z + τ); λ/σ > 0, so the largest λ·z is at the largest x
      const k = lambda / sigma[b];
      const mx = k * (xmax - m);
      const off = -k * m - mx;
      let sum = 0;
      for (let j = 0; j < N; j++) {
        const e = Math.exp(k * x[row + j] + off);
        x[row + j] = e;
        sum += e;
      }
      rowSumE[b] = sum;
      lse[b] = mx + Math.log(sum) + tau;
    }
    save([a, e]);
    return {
      value: tf.tensor1d(lse),
      gradFunc: (dy: tf.Tensor1D, saved: tf.Tensor[]) => {
        const [as, es] = saved as [tf.Tensor2D, tf.Tensor2D];
        const g = dy.dataSync();
        // G_bj = ∂out_b·λ/σ_b·p_bj (0 where masked), in place of e
        const G = x;
        const rowSum = new Float32Array(B);
        const colSum = new Float32Array(N);
        for (let b = 0; b < B; b++) {
          const row = b * N;
          const w = (g[b] * lambda) / sigma[b] / rowSumE[b];
          G[row + left[b]] = 0;
          G[row + right[b]] = 0;
          let rs = 0;
          for (let j = 0; j < N; j++) {
            const v = w * G[row + j];
            G[row + j] = v;
            rs += v;
            colSum[j] += v;
          }
          rowSum[b] = rs;
        }
        return tf.tidy(() => {
          const Gt = tf.tensor2d(G, [B, N]);
          const dA = tf.mul(tf.sub(tf.mul(tf.tensor2d(rowSum, [B, 1]), as), tf.matMul(Gt, es)), -2);
          const dE = tf.mul(tf.sub(tf.matMul(Gt, as, true, false), tf.mul(tf.tensor2d(colSum, [N, 1]), es)), 2);
          return [dA, tf.tensor1d(rowSum), dE];
        });
      },
    };
  }) as unknown as Parameters<typeof tf.customGrad>[0]);
  return op(anchors, pos, entities) as tf.Tensor1D;
}
