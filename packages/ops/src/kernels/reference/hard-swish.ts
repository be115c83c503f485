import { f32, newFloat32, type ArrayKernel } from './array-kernel';

/**
 * ZooHardSwish: y = x·(min(max(x + 3, 0), 6)/6) with x + 3 and the quotient rounded to float32, as tfjs's
 * add → relu6 → div → mul composition rounds them (the product is rounded once when stored): the same bits.
 */
export const hardSwishReference: ArrayKernel = ({ x }, _attrs, alloc = newFloat32) => {
  const xv = x.values;
  const y = alloc(xv.length);
  for (let i = 0; i < xv.length; i++) {
    const v = xv[i];
    const r = Math.fround(v + 3);
    y[i] = v * Math.fround((r < 0 ? 0 : r > 6 ? 6 : r) / 6);
  }
  return [f32(y, x.shape)];
};

/** ZooHardSwishGrad: ∂x = 0 (x ≤ −3), ∂y·((2x + 3)/6) (−3 < x ≤ 3; float32 steps, as blas's C kernel), ∂y (x > 3); NaN x gives NaN. */
export const hardSwishGradReference: ArrayKernel = ({ dy, x }, _attrs, alloc = newFloat32) => {
  const g = dy.values;
  const xv = x.values;
  const dx = alloc(g.length);
  for (let i = 0; i < g.length; i++) {
    const v = xv[i];
    dx[i] = v <= -3 ? 0 : v > 3 ? g[i] : g[i] * Math.fround(Math.fround(2 * v + 3) / 6);
  }
  return [f32(dx, dy.shape)];
};
