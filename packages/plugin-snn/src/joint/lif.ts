import { tf, typedArrayBackend } from '@zoo/core';

/**
 * Leaky integrate-and-fire neuron of Joint A-SNN (Guo et al. 2023; the official code's `LIFSpike`):
 *   mem ← decay·mem + x,   spike = H(mem − V_th),   mem ← mem·(1 − spike)        (hard reset)
 * with decay τ = 0.25 and V_th = 0.5. H has the rectangular surrogate gradient
 *   ∂spike/∂mem = 1[|mem − V_th| < γ/2] / γ,  γ = 1,
 * and gradients flow through the reset too (the code lets autograd through (1 − spike)·mem).
 */
export interface LifOptions {
  decay?: number;
  threshold?: number;
  gamma?: number;
}

/** H(u) forward, rectangular surrogate 1[|u| < γ/2]/γ backward (tf.customGrad works on every backend). */
export function heavisideSurrogate(u: tf.Tensor, gamma = 1): tf.Tensor {
  const f = tf.customGrad(((x: tf.Tensor, save: tf.GradSaveFunc) => {
    save([x]);
    return {
      value: tf.cast(tf.greaterEqual(x, 0), 'float32'),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => tf.mul(dy, tf.div(tf.cast(tf.less(tf.abs(saved[0]), gamma / 2), 'float32'), gamma)),
    };
  }) as unknown as Parameters<typeof tf.customGrad>[0]);
  return f(u) as tf.Tensor;
}

/** One time step: returns the spikes and the new membrane potential. `mem` null means zero (t = 0). */
export function lifStep(x: tf.Tensor, mem: tf.Tensor | null, opts: LifOptions = {}): { spike: tf.Tensor; mem: tf.Tensor } {
  const decay = opts.decay ?? 0.25;
  const threshold = opts.threshold ?? 0.5;
  const m = mem ? tf.add(tf.mul(mem, decay), x) : x;
  const spike = heavisideSurrogate(tf.sub(m, threshold), opts.gamma ?? 1);
  return { spike, mem: tf.mul(m, tf.sub(1, spike)) };
}

/**
 * LIF over T time steps at once. `x` holds the inputs of all steps, time-major along axis 0
 * ([T·B, ...]: rows t·B .. (t+1)·B − 1 are step t); the result holds the spikes in the same layout.
 * The same recurrence and gradients as T calls of `lifStep` (BPTT through the decay and the reset):
 *   u_t = τ·v_{t−1} + x_t,  s_t = H(u_t − V_th),  v_t = u_t·(1 − s_t)
 *   ∂L/∂u_t = ∂L/∂s_t·g_t + ∂L/∂v_t·((1 − s_t) − u_t·g_t),  ∂L/∂v_t = τ·∂L/∂u_{t+1},  ∂L/∂x_t = ∂L/∂u_t
 * with g_t = 1[|u_t − V_th| < γ/2]/γ. On cpu-memory backends (blas, cpu, wasm) forward and backward are
 * one typed-array pass each that keeps only u; elsewhere it is the unrolled composition of `lifStep`.
 */
export function lifOverTime(x: tf.Tensor, T: number, opts: LifOptions = {}): tf.Tensor {
  const decay = opts.decay ?? 0.25;
  const threshold = opts.threshold ?? 0.5;
  const gamma = opts.gamma ?? 1;
  if (x.shape[0] % T !== 0) throw new Error(`lifOverTime: leading dimension ${x.shape[0]} is not a multiple of T = ${T}`);
  if (!typedArrayBackend()) {
    return tf.tidy(() => {
      const steps = tf.split(x, T, 0);
      let mem: tf.Tensor | null = null;
      const spikes: tf.Tensor[] = [];
      for (const xt of steps) {
        const o = lifStep(xt, mem, opts);
        spikes.push(o.spike);
        mem = o.mem;
      }
      return tf.concat(spikes, 0);
    });
  }
  const op = tf.customGrad(((xIn: tf.Tensor, save: tf.GradSaveFunc) => {
    const xv = xIn.dataSync() as Float32Array;
    const n = xv.length / T;
    const u = new Float32Array(xv.length);
    const s = new Float32Array(xv.length);
    for (let i = 0; i < n; i++) {
      let v = 0;
      for (let t = 0, k = i; t < T; t++, k += n) {
        const ut = decay * v + xv[k];
        u[k] = ut;
        const st = ut - threshold >= 0 ? 1 : 0;
        s[k] = st;
        v = ut * (1 - st);
      }
    }
    const uT = tf.tensor(u, xIn.shape);
    save([uT]);
    return {
      value: tf.tensor(s, xIn.shape),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const ds = dy.dataSync() as Float32Array;
        const us = saved[0].dataSync() as Float32Array;
        const dx = new Float32Array(us.length);
        const half = gamma / 2;
        const inv = 1 / gamma;
        for (let i = 0; i < n; i++) {
          let duNext = 0;
          for (let t = T - 1; t >= 0; t--) {
            const k = t * n + i;
            const ut = us[k];
            const st = ut - threshold >= 0 ? 1 : 0;
            const g = Math.abs(ut - threshold) < half ? inv : 0;
            const dv = t < T - 1 ? decay * duNext : 0;
            const du = ds[k] * g + dv * (1 - st - ut * g);
            dx[k] = du;
            duNext = du;
          }
        }
        return [tf.tensor(dx, saved[0].shape)];
      },
    };
  }) as unknown as Parameters<typeof tf.customGrad>[0]);
  return op(x) as tf.Tensor;
}
