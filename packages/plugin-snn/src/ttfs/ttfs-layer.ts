import { tf } from '@zoo/core';

/**
 * Time-to-first-spike layers of Stanojevic et al. (Nat. Commun. 2024; IBM/equivalent-training-ReLUnetwork-SNN).
 *
 * Layer n receives one spike per input neuron j at t_j ∈ [t_min⁽ⁿ⁻¹⁾, t_max⁽ⁿ⁻¹⁾] and fires once in its own
 * window [t_min⁽ⁿ⁾, t_max⁽ⁿ⁾], t_min⁽ⁿ⁾ = t_max⁽ⁿ⁻¹⁾ (no spike: t_j = t_max, i.e. value 0). The input
 * layer codes x ∈ [0, 1] as t = 1 − x in the window [0, 1].
 *
 * B1 ("identity mapping", constant slope 1 of the membrane potential at threshold):
 *   t_i = t_min + ϑ_i − Σ_j W_ij (t_min − t_j),   ϑ_i = (t_max − t_min) − D_i,   no spike when t_i ≥ t_max
 * so  t_max − t_i = ReLU(Σ_j W_ij x_j + D_i)  with  x_j = t_min − t_j:  the value a neuron passes on is
 * exactly its ReLU twin's activation, and gradients w.r.t. W and D are the ReLU net's (same training
 * trajectory, Sec. "identity mapping").
 *
 * α1 (slope α_i = A_i + Σ_j J_ij at threshold, weights J trained directly):
 *   t_i = t_min + (ϑ_i − Σ_j J_ij (t_min − t_j)) / α_i   ⇒   t_max − t_i = ReLU((Σ_j J_ij x_j + D_i) / α_i)
 * the equivalent ReLU weights are J/α (the weights divided by the slope at threshold). With the "smart"
 * initialization A_i = 1 − Σ_j J_ij(0) the net starts as its ReLU twin (α = 1), but α drifts as J trains,
 * rescaling every layer's gain multiplicatively: the vanishing-or-exploding gradients of the paper.
 * Neurons whose slope is not positive never reach threshold (value 0).
 *
 * Output layer: no spikes; the readout is the membrane potential at t_min: V_i = D_i + Σ_j W_ij (t_min − t_j).
 */
export interface Window {
  tMin: number;
  tMax: number;
}

/** B1 spike times of a dense layer: t_i = min(t_max, t_min + ϑ_i − (t_min − t)·W), ϑ = (t_max − t_min) − D. */
export function b1Dense(tIn: tf.Tensor2D, w: tf.Tensor2D, d: tf.Tensor1D, inWindow: Window, window: Window): tf.Tensor2D {
  return tf.tidy(() => {
    const x = tf.sub(inWindow.tMax, tIn) as tf.Tensor2D; // x_j = t_min⁽ⁿ⁾ − t_j with t_min⁽ⁿ⁾ = t_max⁽ⁿ⁻¹⁾
    const theta = tf.sub(window.tMax - window.tMin, d);
    const t = tf.sub(tf.add(window.tMin, theta), tf.matMul(x, w)) as tf.Tensor2D;
    return tf.minimum(t, window.tMax) as tf.Tensor2D;
  });
}

/** α1 spike times: t_i = min(t_max, t_min + (ϑ_i − (t_min − t)·J)/α_i), α = A + Σ_j J_ij; α ≤ 0: no spike. */
export function alpha1Dense(tIn: tf.Tensor2D, j: tf.Tensor2D, d: tf.Tensor1D, a: tf.Tensor1D, inWindow: Window, window: Window): tf.Tensor2D {
  return tf.tidy(() => {
    const x = tf.sub(inWindow.tMax, tIn) as tf.Tensor2D;
    const alpha = tf.add(a, tf.sum(j, 0));
    // which neurons can reach threshold: a constant mask (boolean ops have no gradient in tfjs)
    const mask = tf.tensor1d(Float32Array.from(alpha.dataSync(), (v) => (v > 1e-6 ? 1 : 0)));
    const safe = tf.add(tf.mul(alpha, mask), tf.sub(1, mask)); // α where positive, else 1 (unused)
    const theta = tf.sub(tf.mul(window.tMax - window.tMin, safe), d); // ϑ such that t_max − t = (xJ + D)/α
    const t = tf.add(window.tMin, tf.div(tf.sub(theta, tf.matMul(x, j)), safe)) as tf.Tensor2D;
    return tf.sub(window.tMax, tf.mul(tf.sub(window.tMax, tf.minimum(t, window.tMax)), mask)) as tf.Tensor2D;
  });
}

/** Output readout: membrane potential at t_min of the output layer, V = D + (t_min − t)·W. */
export function readout(tIn: tf.Tensor2D, w: tf.Tensor2D, d: tf.Tensor1D, inWindow: Window): tf.Tensor2D {
  return tf.tidy(() => tf.add(tf.matMul(tf.sub(inWindow.tMax, tIn) as tf.Tensor2D, w), d) as tf.Tensor2D);
}

/** Max pooling of values is min pooling of spike times (earliest spike wins), NHWC. */
export function minPoolTimes(t: tf.Tensor4D, size: number): tf.Tensor4D {
  return tf.tidy(() => tf.neg(tf.maxPool(tf.neg(t) as tf.Tensor4D, size, size, 'valid')) as tf.Tensor4D);
}

/**
 * The code's window update after each training step: t_max ← t_min + max(t_max − t_min, 10·(t_max − min t_i)),
 * so that every value seen fits the window with margin (a spike never precedes its window's opening).
 */
export function widenedWindowSize(window: Window, earliestSpike: number): number {
  return Math.max(window.tMax - window.tMin, 10 * (window.tMax - earliestSpike));
}
