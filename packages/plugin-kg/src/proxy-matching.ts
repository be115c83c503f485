import { matMulArrays as mm, tf } from '@zoo/core';

/**
 * Dual-AMN's proxy matching attention with its gate (Sec. 4.2; the code's `NR_GraphAttention` output
 * block), fused. For X [N, D] (one encoder's concatenated layer outputs), proxies P [M, D], gate W [D, D], b [D]:
 *   S = unit(X)·unit(P)ᵀ  [N, M]        (unit: x / √max(Σx², 1e-12), as tf.nn.l2_normalize)
 *   att = softmax_m(S),   AP = att·P,   δ = X − AP
 *   g = σ(δ·W + b),       y = g∘X + (1 − g)∘δ = δ + g∘AP   [N, D]
 * The six products run as matmuls (sgemm on the blas backend) and every elementwise step is one typed-array
 * pass, where the tfjs composition made ~25 full [N, D] tensors per call (N = 38,960, D = 384 on DBP15K).
 * Backward, with Δ = g(1 − g)∘dy∘AP:
 *   dW = δᵀΔ,  db = Σ_rows Δ,  dδ = dy + ΔWᵀ,  dAP = dy∘g − dδ,  d att = dAP·Pᵀ,  dP = attᵀdAP + (through S)
 *   dS = att∘(d att − Σ_m att∘d att),  dX = dδ + r∘(dS·P̂) − r²∘(Σ_m dS∘S)∘X   (r = 1/‖X_i‖, P̂ = unit(P))
 *   dP̂ = (r∘dS)ᵀX,  dP += p∘dP̂ − p³∘(Σ_d dP̂∘P)∘P   (p = 1/‖P_m‖; the norm terms vanish where clamped)
 */
export function proxyMatching(x: tf.Tensor2D, proxies: tf.Tensor2D, gateW: tf.Tensor2D, gateB: tf.Tensor1D): tf.Tensor2D {
  const [N, D] = x.shape;
  const M = proxies.shape[0];
  if (proxies.shape[1] !== D || gateW.shape[0] !== D || gateW.shape[1] !== D || gateB.shape[0] !== D)
    throw new Error(`proxyMatching: x [${x.shape}] needs proxies [M, ${D}], gate [${D}, ${D}] and bias [${D}]; got [${proxies.shape}], [${gateW.shape}], [${gateB.shape}]`);
  const op = tf.customGrad(((xIn: tf.Tensor2D, pIn: tf.Tensor2D, wIn: tf.Tensor2D, bIn: tf.Tensor1D, save: tf.GradSaveFunc) => {
    const X = xIn.dataSync() as Float32Array;
    const P = pIn.dataSync() as Float32Array;
    const bv = bIn.dataSync() as Float32Array;
    const rx = inverseNorms(X, N, D);
    const rp = inverseNorms(P, M, D);
    const Pn = new Float32Array(M * D);
    for (let m = 0; m < M; m++) for (let k = 0; k < D; k++) Pn[m * D + k] = P[m * D + k] * rp.inv[m];
    // att = softmax(r∘(X·P̂ᵀ)), in place; S kept for the backward pass
    const att = mm(X, [N, D], Pn, [M, D], false, true);
    const S = new Float32Array(N * M);
    for (let i = 0; i < N; i++) {
      const o = i * M;
      let mx = -Infinity;
      for (let m = 0; m < M; m++) {
        const s = att[o + m] * rx.inv[i];
        S[o + m] = s;
        if (s > mx) mx = s;
      }
      let sum = 0;
      for (let m = 0; m < M; m++) {
        const e = Math.exp(S[o + m] - mx);
        att[o + m] = e;
        sum += e;
      }
      for (let m = 0; m < M; m++) att[o + m] /= sum;
    }
    const AP = mm(att, [N, M], P, [M, D], false, false);
    const delta = new Float32Array(N * D);
    for (let i = 0; i < N * D; i++) delta[i] = X[i] - AP[i];
    const g = mm(delta, [N, D], wIn.dataSync() as Float32Array, [D, D], false, false);
    const y = new Float32Array(N * D);
    for (let i = 0; i < N; i++) {
      const o = i * D;
      for (let k = 0; k < D; k++) {
        const gk = 1 / (1 + Math.exp(-(g[o + k] + bv[k])));
        g[o + k] = gk;
        y[o + k] = delta[o + k] + gk * AP[o + k];
      }
    }
    save([xIn, pIn, wIn]);
    return {
      value: tf.tensor2d(y, [N, D]),
      gradFunc: (dyT: tf.Tensor2D, saved: tf.Tensor[]) => {
        const dy = dyT.dataSync() as Float32Array;
        const [Xs, Ps, Ws] = saved.map((t) => t.dataSync() as Float32Array);
        // Δ = dy∘AP∘g(1 − g); dAP starts as dy∘g − dy (δ's own dy). (y's buffer is the output tensor's
        // storage on cpu-memory backends, so it is not reused here.)
        const Dg = new Float32Array(N * D);
        const dAP = new Float32Array(N * D);
        const db = new Float32Array(D);
        for (let i = 0; i < N; i++) {
          const o = i * D;
          for (let k = 0; k < D; k++) {
            const gk = g[o + k];
            const v = dy[o + k] * AP[o + k] * gk * (1 - gk);
            Dg[o + k] = v;
            db[k] += v;
            dAP[o + k] = dy[o + k] * gk - dy[o + k];
          }
        }
        const dW = mm(delta, [N, D], Dg, [N, D], true, false);
        // dδ = dy + ΔWᵀ; dX = dδ (+ the S path below); dAP −= ΔWᵀ
        const dX = mm(Dg, [N, D], Ws, [D, D], false, true);
        for (let i = 0; i < N * D; i++) {
          const t = dX[i];
          dX[i] = dy[i] + t;
          dAP[i] -= t;
        }
        const dAtt = mm(dAP, [N, D], Ps, [M, D], false, true);
        const dP = mm(att, [N, M], dAP, [N, D], true, false);
        // dS = att∘(d att − Σ att∘d att), then scaled by r (into dAtt's buffer); q_i = Σ_m dS∘S
        const q = new Float32Array(N);
        for (let i = 0; i < N; i++) {
          const o = i * M;
          let s = 0;
          for (let m = 0; m < M; m++) s += att[o + m] * dAtt[o + m];
          let qs = 0;
          for (let m = 0; m < M; m++) {
            const ds = att[o + m] * (dAtt[o + m] - s);
            qs += ds * S[o + m];
            dAtt[o + m] = ds * rx.inv[i];
          }
          q[i] = qs;
        }
        const dXs = mm(dAtt, [N, M], Pn, [M, D], false, false);
        for (let i = 0; i < N; i++) {
          const o = i * D;
          const c = rx.clamped[i] ? 0 : rx.inv[i] * rx.inv[i] * q[i];
          for (let k = 0; k < D; k++) dX[o + k] += dXs[o + k] - c * Xs[o + k];
        }
        const dPn = mm(dAtt, [N, M], Xs, [N, D], true, false);
        for (let m = 0; m < M; m++) {
          const o = m * D;
          let t = 0;
          for (let k = 0; k < D; k++) t += dPn[o + k] * Ps[o + k];
          const p = rp.inv[m];
          const c = rp.clamped[m] ? 0 : p * p * p * t;
          for (let k = 0; k < D; k++) dP[o + k] += p * dPn[o + k] - c * Ps[o + k];
        }
        return [tf.tensor2d(dX, [N, D]), tf.tensor2d(dP, [M, D]), tf.tensor2d(dW, [D, D]), tf.tensor1d(db)];
      },
    };
  }) as unknown as Parameters<typeof tf.customGrad>[0]);
  return op(x, proxies, gateW, gateB) as tf.Tensor2D;
}

/** 1/√max(Σx², 1e-12) per row, and whether the clamp applied (then the norm has no gradient). */
function inverseNorms(x: Float32Array, rows: number, cols: number): { inv: Float32Array; clamped: Uint8Array } {
  const inv = new Float32Array(rows);
  const clamped = new Uint8Array(rows);
  for (let i = 0; i < rows; i++) {
    let s = 0;
    for (let k = 0; k < cols; k++) s += x[i * cols + k] * x[i * cols + k];
    clamped[i] = s < 1e-12 ? 1 : 0;
    inv[i] = 1 / Math.sqrt(Math.max(s, 1e-12));
  }
  return { inv, clamped };
}
