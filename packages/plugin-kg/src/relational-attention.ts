import { tf } from '@zoo/core';
import { attentionBackwardSimd, attentionForwardSimd, type AttentionGraph } from './simd/attention-kernel';

/**
 * One layer of Dual-AMN's relational attention (Sec. 4.1, the code's `NR_GraphAttention.call`), before
 * the tanh: for node i with edges e = (i, j),
 *   m_e = h_j − 2·(h_j·u_e)·u_e          (h_j reflected across the hyperplane of relation u_e, ‖u_e‖ = 1)
 *   α_e = softmax over i's edges of z_e   (z_e = aᵀu_e, computed by the caller)
 *   out_i = Σ_e α_e·m_e
 * Shapes: h [N, d]; edges sorted by source with `edgePtr` [N + 1] and `dst` [E]; u [K, d] (unit rows) and
 * z [K] per relation kind, edge e reading row `kind[e]` (without `kind`, K = E and edge e reads row e).
 * One pass over the edges forward and one backward (typed arrays), where the tfjs composition would
 * materialize several E×d tensors (E ≈ 260k, d = 128 on DBP15K: 133 MB each); ∂u and ∂z accumulate
 * per kind (K ≈ 14k there). The edge passes run as WebAssembly SIMD (simd/) when d is a multiple of 4,
 * else (or with `simd: false`) as the JS loops below. `activation: 'tanh'` returns tanh(out) (Dual-AMN's
 * layer activation) computed in the same SIMD pass. Gradients, per edge, summed into the edge's kind:
 *   ∂α_e = g_i·m_e,  ∂z_e = α_e·(∂α_e − Σ_{e'} α_e'·∂α_e'),  with q_e = α_e·g_i:
 *   ∂h_j += q_e − 2·(q_e·u_e)·u_e,   ∂u_e = −2·((q_e·u_e)·h_j + (h_j·u_e)·q_e)
 */
export function relationalAttention(
  h: tf.Tensor2D,
  u: tf.Tensor2D,
  z: tf.Tensor1D,
  edgePtr: Int32Array,
  dst: Int32Array,
  kind?: Int32Array,
  { simd: useSimd = true, activation = 'linear' }: { simd?: boolean; activation?: 'linear' | 'tanh' } = {},
): tf.Tensor2D {
  const tanh = activation === 'tanh';
  const [N, d] = h.shape;
  const E = dst.length;
  const K = kind ? u.shape[0] : E;
  if (u.shape[0] !== K || z.shape[0] !== K || edgePtr.length !== N + 1 || (kind && kind.length !== E))
    throw new Error(`relationalAttention: ${E} edges${kind ? ` with ${kind.length} kinds` : ''} but u has ${u.shape[0]} rows, z ${z.shape[0]} (expected ${K}), edgePtr ${edgePtr.length} (N + 1 = ${N + 1})`);
  const kindOf = kind ?? Int32Array.from({ length: E }, (_, e) => e);
  const op = tf.customGrad(((hIn: tf.Tensor2D, uIn: tf.Tensor2D, zIn: tf.Tensor1D, save: tf.GradSaveFunc) => {
    const hv = hIn.dataSync() as Float32Array;
    const uv = uIn.dataSync() as Float32Array;
    const zv = zIn.dataSync() as Float32Array;
    const alpha = new Float32Array(E);
    for (let i = 0; i < N; i++) {
      const e0 = edgePtr[i];
      const e1 = edgePtr[i + 1];
      let mx = -Infinity;
      for (let e = e0; e < e1; e++) mx = Math.max(mx, zv[kindOf[e]]);
      let sum = 0;
      for (let e = e0; e < e1; e++) {
        const w = Math.exp(zv[kindOf[e]] - mx);
        alpha[e] = w;
        sum += w;
      }
      for (let e = e0; e < e1; e++) alpha[e] /= sum;
    }
    const graph = { edgePtr, dst, kind: kindOf };
    const fast = useSimd ? attentionForwardSimd(graph, alpha, hv, uv, N, d, tanh) : null;
    const { out, dots } = fast ?? forwardLoop(graph, alpha, hv, uv, N, d);
    if (tanh && !fast) for (let i = 0; i < out.length; i++) out[i] = Math.tanh(out[i]);
    save([hIn, uIn]);
    return {
      value: tf.tensor2d(out, [N, d]),
      gradFunc: (dy: tf.Tensor2D, saved: tf.Tensor[]) => {
        const g = dy.dataSync() as Float32Array;
        const hs = saved[0].dataSync() as Float32Array;
        const us = saved[1].dataSync() as Float32Array;
        const back =
          (useSimd ? attentionBackwardSimd(graph, alpha, dots, hs, us, g, N, d, tanh ? out : null) : null) ??
          backwardLoop(graph, alpha, dots, hs, us, tanh ? g.map((v, i) => v * (1 - out[i] * out[i])) : g, N, d, K);
        // ∂z_e = α_e·(∂α_e − Σ_{e'} α_e'·∂α_e') over node i's edges, summed into the edge's kind
        const dz = new Float32Array(K);
        const da = back.dAlpha;
        for (let i = 0; i < N; i++) {
          let mean = 0;
          for (let e = edgePtr[i]; e < edgePtr[i + 1]; e++) mean += alpha[e] * da[e];
          for (let e = edgePtr[i]; e < edgePtr[i + 1]; e++) dz[kindOf[e]] += alpha[e] * (da[e] - mean);
        }
        return [tf.tensor2d(back.dh, [N, d]), tf.tensor2d(back.du, [K, d]), tf.tensor1d(dz)];
      },
    };
  }) as unknown as Parameters<typeof tf.customGrad>[0]);
  return op(h, u, z) as tf.Tensor2D;
}

/** out_i = Σ_e α_e·(h_j − 2(h_j·u_k)u_k) and dots_e = h_j·u_k, as a JS loop. */
function forwardLoop(g: AttentionGraph, alpha: Float32Array, hv: Float32Array, uv: Float32Array, N: number, d: number): { out: Float32Array; dots: Float32Array } {
  const { edgePtr, dst, kind } = g;
  const dots = new Float32Array(dst.length);
  const out = new Float32Array(N * d);
  for (let i = 0; i < N; i++) {
    const o = i * d;
    for (let e = edgePtr[i]; e < edgePtr[i + 1]; e++) {
      const a = alpha[e];
      const hj = dst[e] * d;
      const uk = kind[e] * d;
      let s = 0;
      for (let k = 0; k < d; k++) s += hv[hj + k] * uv[uk + k];
      dots[e] = s;
      const c = -2 * s;
      for (let k = 0; k < d; k++) out[o + k] += a * (hv[hj + k] + c * uv[uk + k]);
    }
  }
  return { out, dots };
}

/**
 * Per edge: ∂α_e = g_i·h_j − 2s_e·(g_i·u_k); with q = α_e·g_i: ∂h_j += q − 2(q·u_k)u_k,
 * ∂u_k −= 2((q·u_k)h_j + s_e·q). As a JS loop.
 */
function backwardLoop(g: AttentionGraph, alpha: Float32Array, dots: Float32Array, hs: Float32Array, us: Float32Array, gv: Float32Array, N: number, d: number, K: number) {
  const { edgePtr, dst, kind } = g;
  const dh = new Float32Array(N * d);
  const du = new Float32Array(K * d);
  const dAlpha = new Float32Array(dst.length);
  for (let i = 0; i < N; i++) {
    const o = i * d;
    for (let e = edgePtr[i]; e < edgePtr[i + 1]; e++) {
      const hj = dst[e] * d;
      const uk = kind[e] * d;
      let gh = 0;
      let gu = 0;
      for (let k = 0; k < d; k++) {
        gh += gv[o + k] * hs[hj + k];
        gu += gv[o + k] * us[uk + k];
      }
      const s = dots[e];
      dAlpha[e] = gh - 2 * s * gu;
      const a = alpha[e];
      const qu = a * gu;
      for (let k = 0; k < d; k++) {
        const q = a * gv[o + k];
        dh[hj + k] += q - 2 * qu * us[uk + k];
        du[uk + k] -= 2 * (qu * hs[hj + k] + s * q);
      }
    }
  }
  return { dh, du, dAlpha };
}
