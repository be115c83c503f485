/**
 * Pointwise ops whose value and gradient are each one typed-array pass on the cpu-memory backends (blas,
 * cpu, wasm). tfjs composes their gradients from several full-size kernels (tanh: dy·(1 − y²) is three;
 * dropout: uniform, floor, div, mul forward and a mul back), which dominates models with large
 * activations (Dual-AMN's [38,960, 768] embeddings). Other backends get the tfjs ops.
 */
import { allocOutput, nativeKernels, tensorValues } from '@zoo/backend-blas/native';
import type { Rng } from './rng';
import { tf, typedArrayBackend } from './tf';

/**
 * y = max(0, x); ∂x = ∂y where y > 0, else 0 (a select, as PyTorch's threshold_backward; tfjs composes
 * its gradient as ∂y·step(x): two full-size kernels and a NaN wherever ∂y is NaN and x ≤ 0). The forward
 * pass is the backend's Relu kernel; the backward one pass (the C kernels when built).
 */
export function relu<T extends tf.Tensor>(x: T): T {
  if (!typedArrayBackend() || x.dtype !== 'float32') return tf.relu(x);
  const op = tf.customGrad(((xIn: tf.Tensor, save: tf.GradSaveFunc) => {
    const value = tf.relu(xIn);
    save([value]);
    return {
      value,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const g = tensorValues(dy) as Float32Array;
        const y = tensorValues(saved[0]) as Float32Array;
        const dx = allocOutput(g.length); // every value written
        const native = g.length >= 4096 ? nativeKernels() : undefined;
        if (native) native.reluGrad(g, y, dx, g.length);
        else for (let i = 0; i < g.length; i++) dx[i] = y[i] > 0 ? g[i] : 0;
        return tf.tensor(dx, xIn.shape);
      },
    };
  }) as unknown as Parameters<typeof tf.customGrad>[0]);
  return op(x) as T;
}

/** y = tanh(x); ∂x = ∂y·(1 − y²). tanh(x) = 1 − 2/(e^{2x} + 1) (exact in float32, faster than Math.tanh). */
export function tanh<T extends tf.Tensor>(x: T): T {
  if (!typedArrayBackend() || x.dtype !== 'float32') return tf.tanh(x);
  const op = tf.customGrad(((xIn: tf.Tensor, save: tf.GradSaveFunc) => {
    const xv = xIn.dataSync() as Float32Array;
    const y = new Float32Array(xv.length);
    for (let i = 0; i < xv.length; i++) {
      const v = xv[i];
      // |v| small: the formula cancels; tanh(v) = v(1 − v²/3 + …) to float32 precision below 1e-4
      y[i] = Math.abs(v) < 1e-4 ? v : v !== v ? v : 1 - 2 / (Math.exp(2 * v) + 1);
    }
    const value = tf.tensor(y, xIn.shape);
    save([value]);
    return {
      value,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const g = dy.dataSync() as Float32Array;
        const ys = saved[0].dataSync() as Float32Array;
        const dx = new Float32Array(g.length);
        for (let i = 0; i < g.length; i++) dx[i] = g[i] * (1 - ys[i] * ys[i]);
        return tf.tensor(dx, xIn.shape);
      },
    };
  }) as unknown as Parameters<typeof tf.customGrad>[0]);
  return op(x) as T;
}

/**
 * Inverted dropout: y = x·m/(1 − rate) with m_i ~ Bernoulli(1 − rate) from a stream seeded by `rng`;
 * ∂x = ∂y·m/(1 − rate). Deterministic for a given rng state. rate 0 returns a copy.
 */
export function dropout<T extends tf.Tensor>(x: T, rate: number, rng: Rng): T {
  if (!(rate >= 0 && rate < 1)) throw new Error(`dropout: rate must be in [0, 1), got ${rate}`);
  if (rate === 0) return x.clone();
  if (!typedArrayBackend() || x.dtype !== 'float32') return tf.dropout(x, rate, undefined, rng.nextSeed()) as T;
  const scale = 1 / (1 - rate);
  const n = x.size;
  // the mask from a mulberry32 stream seeded by one draw of rng, inlined (a method call per value
  // cost 10 ns; this loop ~3)
  const keep = new Uint8Array(n);
  let state = rng.nextSeed() | 0;
  for (let i = 0; i < n; i++) {
    let t = (state = (state + 0x6d2b79f5) | 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    keep[i] = ((t ^ (t >>> 14)) >>> 0) / 4294967296 >= rate ? 1 : 0;
  }
  const op = tf.customGrad(((xIn: tf.Tensor) => {
    const xv = xIn.dataSync() as Float32Array;
    const y = new Float32Array(n);
    for (let i = 0; i < n; i++) y[i] = keep[i] * scale * xv[i];
    return {
      value: tf.tensor(y, xIn.shape),
      gradFunc: (dy: tf.Tensor) => {
        const g = dy.dataSync() as Float32Array;
        const dx = new Float32Array(n);
        for (let i = 0; i < n; i++) dx[i] = keep[i] * scale * g[i];
        return tf.tensor(dx, xIn.shape);
      },
    };
  }) as unknown as Parameters<typeof tf.customGrad>[0]);
  return op(x) as T;
}
