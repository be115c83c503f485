import { allocOutput, nativeKernels, tensorValues } from '@zoo/backend-blas/native';
import { tf, typedArrayBackend } from './tf';

/**
 * Mean softmax cross-entropy over the rows of `logits` [..., C], fused:
 *   L = (1/B)·Σ_i Σ_c y_ic·(lse_i − z_ic),  lse_i = m_i + log Σ_c exp(z_ic − m_i),  m_i = max_c z_ic
 *   ∂L/∂z_ic = (softmax(z_i)_c·Σ_c' y_ic' − y_ic)/B
 * `labels` are class ids (int32, logits' shape without C) or one-hot rows / distributions (logits' shape);
 * labels get no gradient (teachers in distillation are detached anyway). Same value and gradient as
 * `tf.losses.softmaxCrossEntropy(oneHot, logits)`, but on cpu-memory backends (blas, cpu, wasm) it is
 * one pass over typed arrays with one exp per value, where tfjs's composition runs ~12 full-size ops
 * and three exps (PyTorch's F.cross_entropy is fused the same way). Other backends get tfjs's composition.
 */
export function softmaxCrossEntropy(labels: tf.Tensor, logits: tf.Tensor): tf.Scalar {
  const C = logits.shape[logits.rank - 1];
  const B = logits.size / Math.max(C, 1);
  const sameShape = labels.rank === logits.rank && labels.shape.every((d, i) => d === logits.shape[i]);
  const sparse = !sameShape && labels.rank === logits.rank - 1 && labels.size === B;
  if (!sameShape && !(sparse && labels.dtype === 'int32')) {
    throw new Error(`softmaxCrossEntropy: logits have shape [${logits.shape}] so labels must be ${B} int32 class ids (shape [${logits.shape.slice(0, -1)}]) or one-hot/probabilities of shape [${logits.shape}], got [${labels.shape}] (${labels.dtype})`);
  }
  if (!typedArrayBackend()) {
    return tf.tidy(() => {
      const z = logits.reshape([B, C]);
      const y = sparse ? tf.oneHot(labels.reshape([B]) as tf.Tensor1D, C) : labels.reshape([B, C]);
      return tf.losses.softmaxCrossEntropy(y, z) as tf.Scalar;
    });
  }
  const op = tf.customGrad(((zIn: tf.Tensor, save: tf.GradSaveFunc) => {
    const z = tensorValues(zIn) as Float32Array;
    // captured here (kept: never recycled) so the backward pass does not depend on labels staying alive;
    // tensorValues, not dataSync: tfjs stores oneHot's int32 output as floats, converted on every dataSync
    const y = tensorValues(labels, { keep: true }) as Float32Array | Int32Array;
    const p = allocOutput(z.length); // softmax, kept for the backward pass (every value is written)
    const rowMass = new Float32Array(B); // Σ_c y_ic (1 for one-hot rows)
    let total = 0;
    // the C kernels (@zoo/backend-blas/native) when built: rows split over the cores, a vectorized exp
    const native = z.length >= 4096 && (sparse ? y instanceof Int32Array : y instanceof Float32Array || y instanceof Int32Array) ? nativeKernels() : undefined;
    if (native) {
      const lse = new Float64Array(B);
      native.softmaxRows(z, B, C, p, lse);
      if (sparse) {
        for (let i = 0; i < B; i++) {
          const k = y[i];
          if (!(k >= 0 && k < C)) throw new Error(`softmaxCrossEntropy: label ${k} at row ${i} is outside [0, ${C})`);
          total += lse[i] - z[i * C + k];
          rowMass[i] = 1;
        }
      } else total = native.xentDense(z, y as Float32Array | Int32Array, lse, B, C, rowMass);
    }
    for (let i = 0, o = 0; !native && i < B; i++, o += C) {
      let m = -Infinity;
      for (let c = 0; c < C; c++) if (z[o + c] > m) m = z[o + c];
      let s = 0;
      for (let c = 0; c < C; c++) {
        const e = Math.exp(z[o + c] - m);
        p[o + c] = e;
        s += e;
      }
      const lse = m + Math.log(s);
      const inv = 1 / s;
      for (let c = 0; c < C; c++) p[o + c] *= inv;
      if (sparse) {
        const k = y[i];
        if (!(k >= 0 && k < C)) throw new Error(`softmaxCrossEntropy: label ${k} at row ${i} is outside [0, ${C})`);
        total += lse - z[o + k];
        rowMass[i] = 1;
      } else {
        let mass = 0;
        for (let c = 0; c < C; c++) {
          const w = y[o + c];
          if (w !== 0) total += w * (lse - z[o + c]);
          mass += w;
        }
        rowMass[i] = mass;
      }
    }
    save([tf.tensor(p, zIn.shape)]);
    return {
      value: tf.scalar(total / B),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const g = dy.dataSync()[0] / B;
        const pv = tensorValues(saved[0]) as Float32Array;
        const d = allocOutput(pv.length);
        if (native) {
          native.xentGrad(pv, sparse ? null : (y as Float32Array | Int32Array), sparse ? (y as Int32Array) : null, rowMass, g, B, C, d);
          return tf.tensor(d, zIn.shape);
        }
        for (let i = 0, o = 0; i < B; i++, o += C) {
          const gm = g * rowMass[i];
          for (let c = 0; c < C; c++) d[o + c] = pv[o + c] * gm;
          if (sparse) d[o + y[i]] -= g;
          else for (let c = 0; c < C; c++) d[o + c] -= g * y[o + c];
        }
        return tf.tensor(d, zIn.shape);
      },
    };
  }) as unknown as Parameters<typeof tf.customGrad>[0]);
  return op(logits) as tf.Scalar;
}
