import { allocOutput, channelKernels, tensorValues } from '@zoo/backend-blas/native';
import { tf, typedArrayBackend } from './tf';

export interface BatchNormTrainingOptions {
  /** Apply ReLU to the output in the same pass (y = max(0, γ·x̂ + β)); its gradient masks ∂y by y > 0. */
  relu?: boolean;
}


/**
 * Batch normalization in training mode over every axis but the last (NHWC and [N, C] inputs):
 *   μ = mean(x), σ² = mean((x − μ)²), x̂ = (x − μ)/√(σ² + ε), y = γ·x̂ + β
 * with the closed-form backward (Ioffe & Szegedy 2015, Sec. 3), M values per channel:
 *   ∂β = Σ ∂y,  ∂γ = Σ ∂y·x̂,  ∂x = γ/(M·√(σ² + ε)) · (M·∂y − ∂β − x̂·∂γ)
 * On cpu-memory backends (blas, cpu, wasm) both directions are two passes over typed arrays (the C
 * kernels of @zoo/backend-blas/native when built, else JS loops) instead of
 * the ~20 full-size ops that tf.moments + tf.batchNorm and their gradients take; on other backends
 * (tfjs-node, GPU) it is exactly that composition. `relu: true` fuses the ReLU that usually follows.
 */
export function batchNormTraining(
  x: tf.Tensor,
  gamma: tf.Tensor1D,
  beta: tf.Tensor1D,
  epsilon = 1e-5,
  opts: BatchNormTrainingOptions = {},
): { y: tf.Tensor; mean: tf.Tensor1D; variance: tf.Tensor1D } {
  const C = x.shape[x.shape.length - 1];
  if (gamma.shape[0] !== C || beta.shape[0] !== C) throw new Error(`batchNormTraining: ${C} channels but γ has ${gamma.shape[0]} and β ${beta.shape[0]}`);
  const axes = x.shape.slice(0, -1).map((_, i) => i);
  const relu = opts.relu === true;
  if (!typedArrayBackend()) {
    return tf.tidy(() => {
      const { mean, variance } = tf.moments(x, axes);
      const y = tf.batchNorm(x, mean, variance, beta, gamma, epsilon);
      return { y: relu ? tf.relu(y) : y, mean: mean as tf.Tensor1D, variance: variance as tf.Tensor1D };
    });
  }
  let stats: { mean: Float32Array; variance: Float32Array } | undefined;
  const op = tf.customGrad(((xIn: tf.Tensor, g: tf.Tensor, b: tf.Tensor, save: tf.GradSaveFunc) => {
    // tensorValues/allocOutput: on blas, arrays the backend can recycle once their tensors are disposed
    const xv = tensorValues(xIn) as Float32Array;
    const gv = g.dataSync();
    const bv = b.dataSync();
    const M = xv.length / C;
    const k = channelKernels(xv.length);
    const mean = new Float64Array(C);
    const variance = new Float64Array(C);
    k.channelMoments(xv, M, C, mean, variance);
    const invStd = new Float32Array(C);
    const scale = new Float32Array(C);
    const shift = new Float32Array(C);
    for (let c = 0; c < C; c++) {
      invStd[c] = 1 / Math.sqrt(variance[c] + epsilon);
      scale[c] = gv[c] * invStd[c];
      shift[c] = bv[c] - mean[c] * scale[c];
    }
    const y = allocOutput(xv.length);
    k.scaleShift(xv, scale, shift, y, M, C, relu);
    stats = { mean: Float32Array.from(mean), variance: Float32Array.from(variance) };
    const value = tf.tensor(y, xIn.shape);
    // with the fused ReLU the output itself is saved: its zeros are where the gradient stops
    save(relu ? [xIn, g, tf.tensor1d(stats.mean), tf.tensor1d(invStd), value] : [xIn, g, tf.tensor1d(stats.mean), tf.tensor1d(invStd)]);
    return {
      value,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [xs, gs, ms, is, ys] = saved;
        const dyv = tensorValues(dy) as Float32Array;
        const xd = tensorValues(xs) as Float32Array;
        const gd = gs.dataSync();
        const md = ms.dataSync() as Float32Array;
        const id = is.dataSync();
        const yd = ys ? (tensorValues(ys) as Float32Array) : null;
        const kk = channelKernels(xd.length);
        // ∂β = Σ g, ∂γ = Σ g·x̂ = inv·Σ g·(x − μ), with g = ∂y (masked by y > 0 under the fused ReLU)
        const dBeta = new Float64Array(C);
        const sdyx = new Float64Array(C);
        kk.bnBackwardSums(dyv, xd, yd, md, M, C, dBeta, sdyx);
        const dGamma = new Float32Array(C);
        const k1 = new Float32Array(C);
        const k2 = new Float32Array(C);
        const k3 = new Float32Array(C);
        for (let c = 0; c < C; c++) {
          dGamma[c] = sdyx[c] * id[c];
          // ∂x = γ·inv/M · (M·g − ∂β − x̂·∂γ) = k1·g + k2·x + k3
          const a = gd[c] * id[c];
          k1[c] = a;
          k2[c] = (-a / M) * dGamma[c] * id[c];
          k3[c] = (-a / M) * dBeta[c] - k2[c] * md[c];
        }
        const dx = allocOutput(xd.length);
        kk.bnBackwardApply(dyv, xd, yd, k1, k2, k3, dx, M, C);
        return [tf.tensor(dx, xs.shape), tf.tensor1d(dGamma), tf.tensor1d(Float32Array.from(dBeta))];
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
