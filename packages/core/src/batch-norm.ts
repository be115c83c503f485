import { tf, typedArrayBackend } from './tf';

/**
 * Batch normalization in training mode over every axis but the last (NHWC and [N, C] inputs):
 *   μ = mean(x), σ² = mean((x − μ)²), x̂ = (x − μ)/√(σ² + ε), y = γ·x̂ + β
 * with the closed-form backward (Ioffe & Szegedy 2015, Sec. 3), M values per channel:
 *   ∂β = Σ ∂y,  ∂γ = Σ ∂y·x̂,  ∂x = γ/(M·√(σ² + ε)) · (M·∂y − ∂β − x̂·∂γ)
 * On cpu-memory backends (blas, cpu, wasm) both directions are two passes over typed arrays instead of
 * the ~20 full-size ops that tf.moments + tf.batchNorm and their gradients take; on other backends
 * (tfjs-node, GPU) it is exactly that composition.
 */
export function batchNormTraining(x: tf.Tensor, gamma: tf.Tensor1D, beta: tf.Tensor1D, epsilon = 1e-5): { y: tf.Tensor; mean: tf.Tensor1D; variance: tf.Tensor1D } {
  const C = x.shape[x.shape.length - 1];
  if (gamma.shape[0] !== C || beta.shape[0] !== C) throw new Error(`batchNormTraining: ${C} channels but γ has ${gamma.shape[0]} and β ${beta.shape[0]}`);
  const axes = x.shape.slice(0, -1).map((_, i) => i);
  if (!typedArrayBackend()) {
    return tf.tidy(() => {
      const { mean, variance } = tf.moments(x, axes);
      return { y: tf.batchNorm(x, mean, variance, beta, gamma, epsilon), mean: mean as tf.Tensor1D, variance: variance as tf.Tensor1D };
    });
  }
  let stats: { mean: Float32Array; variance: Float32Array } | undefined;
  const op = tf.customGrad(((xIn: tf.Tensor, g: tf.Tensor, b: tf.Tensor, save: tf.GradSaveFunc) => {
    const xv = xIn.dataSync() as Float32Array;
    const gv = g.dataSync();
    const bv = b.dataSync();
    const M = xv.length / C;
    const mean = new Float64Array(C);
    for (let i = 0; i < xv.length; i += C) for (let c = 0; c < C; c++) mean[c] += xv[i + c];
    for (let c = 0; c < C; c++) mean[c] /= M;
    const v = new Float64Array(C);
    for (let i = 0; i < xv.length; i += C) {
      for (let c = 0; c < C; c++) {
        const d = xv[i + c] - mean[c];
        v[c] += d * d;
      }
    }
    const invStd = new Float32Array(C);
    const scale = new Float32Array(C);
    const shift = new Float32Array(C);
    for (let c = 0; c < C; c++) {
      v[c] /= M;
      invStd[c] = 1 / Math.sqrt(v[c] + epsilon);
      scale[c] = gv[c] * invStd[c];
      shift[c] = bv[c] - mean[c] * scale[c];
    }
    const y = new Float32Array(xv.length);
    for (let i = 0; i < xv.length; i += C) for (let c = 0; c < C; c++) y[i + c] = xv[i + c] * scale[c] + shift[c];
    stats = { mean: Float32Array.from(mean), variance: Float32Array.from(v) };
    const meanT = tf.tensor1d(stats.mean);
    const invStdT = tf.tensor1d(invStd);
    save([xIn, g, meanT, invStdT]);
    return {
      value: tf.tensor(y, xIn.shape),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [xs, gs, ms, is] = saved;
        const dyv = dy.dataSync() as Float32Array;
        const xd = xs.dataSync() as Float32Array;
        const gd = gs.dataSync();
        const md = ms.dataSync();
        const id = is.dataSync();
        const dBeta = new Float64Array(C);
        const dGamma = new Float64Array(C);
        for (let i = 0; i < xd.length; i += C) {
          for (let c = 0; c < C; c++) {
            const d = dyv[i + c];
            dBeta[c] += d;
            dGamma[c] += d * (xd[i + c] - md[c]) * id[c];
          }
        }
        const k1 = new Float32Array(C);
        const k2 = new Float32Array(C);
        const k3 = new Float32Array(C);
        for (let c = 0; c < C; c++) {
          // ∂x = γ·inv/M · (M·∂y − ∂β − x̂·∂γ) = a·∂y + b·x + c0
          const a = gd[c] * id[c];
          k1[c] = a;
          k2[c] = (-a / M) * dGamma[c] * id[c];
          k3[c] = (-a / M) * dBeta[c] - k2[c] * md[c];
        }
        const dx = new Float32Array(xd.length);
        for (let i = 0; i < xd.length; i += C) for (let c = 0; c < C; c++) dx[i + c] = k1[c] * dyv[i + c] + k2[c] * xd[i + c] + k3[c];
        return [tf.tensor(dx, xs.shape), tf.tensor1d(Float32Array.from(dGamma)), tf.tensor1d(Float32Array.from(dBeta))];
      },
    };
  }) as unknown as Parameters<typeof tf.customGrad>[0]);
  const y = op(x, gamma, beta);
  return { y, mean: tf.tensor1d(stats!.mean), variance: tf.tensor1d(stats!.variance) };
}

/** A batch-norm layer's variables: affine γ, β and the running statistics. */
export interface BatchNormParams {
  gamma: tf.Tensor1D;
  beta: tf.Tensor1D;
  mean: tf.Variable;
  variance: tf.Variable;
}

/**
 * PyTorch's `BatchNorm2d` semantics over given variables: in training mode normalizes with the batch
 * statistics (`batchNormTraining`) and updates the running ones, running ← (1 − m)·running + m·batch, with
 * the unbiased batch variance as PyTorch keeps it; in evaluation mode normalizes with the running statistics.
 */
export function batchNormLayer(x: tf.Tensor, p: BatchNormParams, training: boolean, momentum = 0.1, epsilon = 1e-5): tf.Tensor {
  if (!training) return tf.batchNorm(x, p.mean as tf.Tensor1D, p.variance as tf.Tensor1D, p.beta, p.gamma, epsilon);
  const o = batchNormTraining(x, p.gamma, p.beta, epsilon);
  const count = x.size / x.shape[x.shape.length - 1];
  tf.tidy(() => {
    p.mean.assign(tf.add(tf.mul(p.mean, 1 - momentum), tf.mul(o.mean, momentum)));
    p.variance.assign(tf.add(tf.mul(p.variance, 1 - momentum), tf.mul(o.variance, (momentum * count) / Math.max(count - 1, 1))));
  });
  tf.dispose([o.mean, o.variance]);
  return o.y;
}
