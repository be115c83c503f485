import { f32, newFloat32, type ArrayKernel } from './array-kernel';

/**
 * ZooSgdUpdate (kernel-names.ts): one pass over value, grad and accum, each product and sum rounded to float32
 * (Math.fround) in the composition's order, so the bits are those of tfjs's mul/add chain.
 */
export const sgdUpdateReference: ArrayKernel = ({ value, grad, accum }, attrs, alloc = newFloat32) => {
  const v = value.values;
  const g = grad.values;
  const a = accum.values;
  const f = Math.fround;
  const scale = f(attrs.gradScale as number);
  const unscaled = scale === 1;
  const wd = f(attrs.weightDecay as number);
  const m = f(attrs.momentum as number);
  const c = f(-(attrs.lr as number));
  const nesterov = attrs.nesterov as boolean;
  const v2 = alloc(v.length);
  const a2 = alloc(v.length);
  for (let i = 0; i < v.length; i++) {
    // a decay of 0 adds no term (v·0 = −0 would turn a −0 gradient into +0: not the bits of the plain step)
    const gs = unscaled ? g[i] : f(g[i] * scale);
    const gi = wd === 0 ? gs : f(gs + f(v[i] * wd));
    const ai = f(f(a[i] * m) + gi);
    a2[i] = ai;
    v2[i] = f(f((nesterov ? f(gi + f(ai * m)) : ai) * c) + v[i]);
  }
  return [f32(v2, value.shape), f32(a2, value.shape)];
};
