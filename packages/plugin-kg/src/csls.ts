import { tf, ZooError } from '@zoo/core';

/**
 * Cross-domain similarity local scaling (Lample et al. 2018; Dual-AMN's evaluation): with L2-normalized
 * embeddings, sim = Q·Cᵀ (queries Q [n, d], candidates C [m, d]),
 *   csls(q_i, c_j) = 2·sim_ij − r_C(q_i) − r_Q(c_j),
 *   r_C(q_i) = mean of q_i's k largest sims to C,  r_Q(c_j) = mean of c_j's k largest sims to Q   (k = 10)
 * Everything runs in blocks of `block` rows so the n×m matrix is never held whole.
 */

/** Row-wise mean of the k largest values of X·Yᵀ, in row blocks. */
export function topKMeanSim(X: tf.Tensor2D, Y: tf.Tensor2D, k: number, block = 1024): Float32Array {
  const n = X.shape[0];
  const m = Y.shape[0];
  const kk = Math.min(k, m);
  const out = new Float32Array(n);
  const top = new Float32Array(kk);
  for (let s = 0; s < n; s += block) {
    const rows = Math.min(block, n - s);
    const simT = tf.tidy(() => tf.matMul(tf.slice(X, [s, 0], [rows, -1]), Y, false, true));
    const sim = simT.dataSync();
    for (let i = 0; i < rows; i++) {
      top.fill(-Infinity);
      const row = i * m;
      for (let j = 0; j < m; j++) {
        const v = sim[row + j];
        if (v <= top[kk - 1]) continue;
        let p = kk - 1;
        while (p > 0 && top[p - 1] < v) {
          top[p] = top[p - 1];
          p--;
        }
        top[p] = v;
      }
      let sum = 0;
      for (let t = 0; t < kk; t++) sum += top[t];
      out[s + i] = sum / kk;
    }
    simT.dispose();
  }
  return out;
}

export interface AlignmentRanks {
  /** 0-based rank of each query's true partner among the candidates (by CSLS; ties count against it). */
  ranks: Int32Array;
  /** Each query's best candidate (index into the candidates). */
  best: Int32Array;
}

/**
 * A NaN score compares false with everything, so it would rank nothing above the true partner (a
 * diverged model scored Hits@1 = 1): a non-finite score is refused instead.
 */
function nonFinite(v: number, q: number, j: number): ZooError {
  return new ZooError(`CSLS: the score of query ${q} against candidate ${j} is ${v}: the embeddings are not finite (the model diverged), so no ranking is computed`);
}

/** The query i's true partner is candidate i (pairs in the same order); a non-finite score throws a ZooError. */
export function cslsRanks(queries: tf.Tensor2D, candidates: tf.Tensor2D, k = 10, block = 1024): AlignmentRanks {
  const n = queries.shape[0];
  const m = candidates.shape[0];
  // r_C(q_i) is the same for a whole row of queries, so ranking needs only 2·sim − r_Q(c_j)
  const rC = topKMeanSim(candidates, queries, k, block); // r_Q(c_j)
  const ranks = new Int32Array(n);
  const best = new Int32Array(n);
  for (let s = 0; s < n; s += block) {
    const rows = Math.min(block, n - s);
    const simT = tf.tidy(() => tf.matMul(tf.slice(queries, [s, 0], [rows, -1]), candidates, false, true));
    try {
      const sim = simT.dataSync();
      for (let i = 0; i < rows; i++) {
        const q = s + i;
        const row = i * m;
        const truth = q < m ? 2 * sim[row + q] - rC[q] : -Infinity;
        if (q < m && !Number.isFinite(truth)) throw nonFinite(truth, q, q);
        let above = 0;
        let arg = 0;
        let bestScore = -Infinity;
        for (let j = 0; j < m; j++) {
          const v = 2 * sim[row + j] - rC[j];
          if (!Number.isFinite(v)) throw nonFinite(v, q, j);
          if (v >= truth && j !== q) above++;
          if (v > bestScore) {
            bestScore = v;
            arg = j;
          }
        }
        ranks[q] = above;
        best[q] = arg;
      }
    } finally {
      simT.dispose();
    }
  }
  return { ranks, best };
}

export interface AlignmentMetrics {
  hits_at_1: number;
  hits_at_10: number;
  mrr: number;
}

export function rankMetrics(ranks: Int32Array): AlignmentMetrics {
  let h1 = 0;
  let h10 = 0;
  let mrr = 0;
  for (const r of ranks) {
    if (r < 1) h1++;
    if (r < 10) h10++;
    mrr += 1 / (r + 1);
  }
  const n = Math.max(ranks.length, 1);
  return { hits_at_1: h1 / n, hits_at_10: h10 / n, mrr: mrr / n };
}

/**
 * Metrics of pairs embedded side by side: `pairs` [n, 2D] holds pair i's left embedding in columns 0..D−1
 * and its right one in D..2D−1 (unit rows). As the code's evaluation: right entities query the left ones.
 */
export function alignmentMetrics(pairs: tf.Tensor2D, k = 10): AlignmentMetrics {
  const D = pairs.shape[1] / 2;
  const L = tf.slice(pairs, [0, 0], [-1, D]) as tf.Tensor2D;
  const R = tf.slice(pairs, [0, D], [-1, D]) as tf.Tensor2D;
  try {
    return rankMetrics(cslsRanks(R, L, k).ranks);
  } finally {
    tf.dispose([L, R]);
  }
}
