import { add, mul, scalar, tidy, type Tensor } from '@tensorflow/tfjs-core';
import { ZooSgdUpdate, type ZooSgdUpdateAttrs } from '../kernel-names';
import { backendHasKernel, runKernel } from '../run-kernel';

/**
 * One SGD step with momentum of one variable (Sutskever et al. 2013's form as in PyTorch's `SGD` and tfjs's
 * MomentumOptimizer; kernel-names.ts gives the equations): the gradient scaled by `gradScale` (a global-norm
 * clip's factor), plus weightDecay·v, into the momentum buffer, then the (Nesterov) update. Returns
 * [value', accum'] as new tensors; the inputs are untouched. Where the backend registers ZooSgdUpdate (blas,
 * cpu, wasm; float32) it is one pass over the three arrays instead of 6–9 tfjs kernels and their temporaries,
 * with the same bits.
 */
export function sgdUpdate(value: Tensor, grad: Tensor, accum: Tensor, attrs: ZooSgdUpdateAttrs): [Tensor, Tensor] {
  checkSgdUpdate(value, grad, accum);
  if (value.dtype !== 'float32' || grad.dtype !== 'float32' || accum.dtype !== 'float32' || !backendHasKernel(ZooSgdUpdate)) return sgdUpdateComposition(value, grad, accum, attrs);
  const [v, a] = runKernel(ZooSgdUpdate, { value, grad, accum }, attrs);
  return [v, a];
}

function checkSgdUpdate(value: Tensor, grad: Tensor, accum: Tensor): void {
  const same = (t: Tensor) => t.shape.length === value.shape.length && t.shape.every((d, i) => d === value.shape[i]);
  if (!same(grad) || !same(accum)) throw new Error(`sgdUpdate: value [${value.shape}], grad [${grad.shape}] and accum [${accum.shape}] must have one shape`);
}

/** The tfjs chain the kernel fuses: clipGradNorm's mul, the decay's add, MomentumOptimizer's update. */
export function sgdUpdateComposition(value: Tensor, grad: Tensor, accum: Tensor, attrs: ZooSgdUpdateAttrs): [Tensor, Tensor] {
  return tidy(() => {
    let g = attrs.gradScale === 1 ? grad : mul(grad, attrs.gradScale);
    if (attrs.weightDecay !== 0) g = add(g, mul(value, attrs.weightDecay));
    const m = scalar(attrs.momentum);
    const c = scalar(-attrs.lr);
    const a = add(mul(m, accum), g);
    const v = attrs.nesterov ? add(mul(c, add(g, mul(a, m))), value) : add(mul(c, a), value);
    return [v, a] as [Tensor, Tensor];
  });
}
