import { tf } from '../tf';

/**
 * PyTorch's `clip_grad_norm_(params, maxNorm, norm_type=2)` (mmcv's `optimizer_config.grad_clip`): with the
 * global norm ‖g‖ = √(Σ_v Σ g_v²) over all gradients, every gradient is scaled by min(1, maxNorm / (‖g‖ + 1e-6)).
 * Returns new tensors (the inputs are disposed when scaled) and the norm before clipping.
 */
export function clipGradNorm(grads: tf.NamedTensorMap, maxNorm: number): { grads: tf.NamedTensorMap; norm: number } {
  const names = Object.keys(grads);
  if (names.length === 0) return { grads, norm: 0 };
  const total = tf.tidy(() => tf.sqrt(tf.addN(names.map((k) => tf.sum(tf.square(grads[k]))))));
  const norm = total.dataSync()[0];
  total.dispose();
  const coef = maxNorm / (norm + 1e-6);
  if (!(coef < 1)) return { grads, norm };
  const out: tf.NamedTensorMap = {};
  for (const k of names) {
    out[k] = tf.mul(grads[k], coef);
    grads[k].dispose();
  }
  return { grads: out, norm };
}
