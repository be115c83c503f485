import { sumOfSquares } from '@zoo/ops';
import { tf } from '../tf';
import { isZooMomentumOptimizer } from './momentum-optimizer';

/**
 * PyTorch's `clip_grad_norm_(params, maxNorm, norm_type=2)` (mmcv's `optimizer_config.grad_clip`): with the
 * global norm ‖g‖ = √(Σ_v Σ g_v²) over all gradients, every gradient is scaled by min(1, maxNorm / (‖g‖ + 1e-6)).
 * Returns new tensors (the inputs are disposed when scaled) and the norm before clipping.
 */
export function clipGradNorm(grads: tf.NamedTensorMap, maxNorm: number): { grads: tf.NamedTensorMap; norm: number } {
  const names = Object.keys(grads);
  if (names.length === 0) return { grads, norm: 0 };
  const norm = globalNorm(grads);
  const coef = maxNorm / (norm + 1e-6);
  if (!(coef < 1)) return { grads, norm };
  const out: tf.NamedTensorMap = {};
  for (const k of names) {
    out[k] = tf.mul(grads[k], coef);
    grads[k].dispose();
  }
  return { grads: out, norm };
}

/** ‖g‖ = √(Σ_v Σ g_v²) over all the gradients (0 for none). */
function globalNorm(grads: tf.NamedTensorMap): number {
  const names = Object.keys(grads);
  if (names.length === 0) return 0;
  const total = sumOfSquares(names.map((k) => grads[k])); // one read pass per gradient (ZooSumOfSquares)
  const norm = Math.sqrt(total.dataSync()[0]);
  total.dispose();
  return norm;
}

/**
 * One PyTorch-order step (mmcv's grad_clip + SGD(weight_decay)): g = ∂loss/∂v, clipped to the global norm `maxNorm`,
 * then g + weightDecay·v for the variables in `decayed`, then the optimizer's update. Returns the loss (before
 * decay); the gradients are freed. A ZooMomentumOptimizer does the clip, the decay and the update of each
 * variable in one fused pass (the same values); other optimizers get the clipped, decayed gradients.
 */
export function clippedStep(
  optimizer: tf.Optimizer,
  vars: tf.Variable[],
  loss: () => tf.Scalar,
  opts: { maxNorm: number; weightDecay?: number; decayed?: ReadonlySet<tf.Variable> },
): tf.Scalar {
  const { value, grads } = tf.variableGrads(loss, vars);
  const wd = opts.weightDecay ?? 0;
  if (isZooMomentumOptimizer(optimizer)) {
    const coef = opts.maxNorm / (globalNorm(grads) + 1e-6);
    optimizer.applyScaledGradients(grads, { gradScale: coef < 1 ? coef : 1, weightDecay: wd, decayed: opts.decayed });
    tf.dispose(Object.values(grads));
    return value;
  }
  const clipped = clipGradNorm(grads, opts.maxNorm).grads;
  if (wd > 0) {
    for (const v of vars) {
      if (!opts.decayed?.has(v) || !clipped[v.name]) continue;
      const g = clipped[v.name];
      clipped[v.name] = tf.tidy(() => g.add(v.mul(wd)));
      g.dispose();
    }
  }
  optimizer.applyGradients(clipped as unknown as Parameters<tf.Optimizer['applyGradients']>[0]);
  tf.dispose(Object.values(clipped));
  return value;
}
