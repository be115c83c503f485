import { tf, type Rng } from '@zoo/core';

/**
 * DCWP's weight mask (Park et al. 2023, Sec. 4.2; the code's `GumbelSigmoidMask`): one logit π per
 * weight. While pruning, a hard 0/1 mask is sampled per step as the code does,
 *   s = σ(π),  r = σ((s + log(−log u₀) − log(−log u₁)) / τ),  m = 1[r > 0.5],  u₀, u₁ ~ U(0, 1),
 * with the straight-through gradient ∂m/∂π := ∂r/∂π = r(1 − r)/τ · s(1 − s). (The code feeds σ(π), not π,
 * into the logistic noise; we follow the code.) After pruning the mask is fixed to 1[π ≥ 0].
 */
export function gumbelSigmoidMask(pi: tf.Tensor, rng: Rng, tau = 1, eps = 1e-10): tf.Tensor {
  const op = tf.customGrad(((p: tf.Tensor) => {
    const pv = p.dataSync();
    const n = pv.length;
    const hard = new Float32Array(n);
    const slope = new Float32Array(n);
    for (let i = 0; i < n; i++) {
      const s = 1 / (1 + Math.exp(-pv[i]));
      const u0 = rng.next();
      const u1 = rng.next();
      const noise = -Math.log(Math.log(u1 + eps) / Math.log(u0 + eps) + eps);
      const r = 1 / (1 + Math.exp(-(s + noise) / tau));
      hard[i] = r > 0.5 ? 1 : 0;
      slope[i] = ((r * (1 - r)) / tau) * s * (1 - s);
    }
    return {
      value: tf.tensor(hard, p.shape),
      gradFunc: (dy: tf.Tensor) => tf.mul(dy, tf.tensor(slope, p.shape)),
    };
  }) as unknown as Parameters<typeof tf.customGrad>[0]);
  return op(pi);
}

/** The final mask 1[π ≥ 0] (a constant: no gradient). */
export function fixedMask(pi: tf.Tensor): tf.Tensor {
  return tf.tidy(() => tf.cast(tf.greaterEqual(pi, 0), 'float32'));
}

/** Kept and total weights over a set of mask logits. */
export function maskCounts(pis: tf.Tensor[]): { kept: number; total: number } {
  let kept = 0;
  let total = 0;
  for (const p of pis) {
    const v = p.dataSync();
    for (let i = 0; i < v.length; i++) if (v[i] >= 0) kept++;
    total += v.length;
  }
  return { kept, total };
}
