import { tf } from '@zoo/core';

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
