import type { ZooDropoutAttrs, ZooDropoutGradAttrs } from '../../kernel-names';
import { dropoutMask } from '../../ops/dropout-mask';
import { f32, newFloat32, type ArrayKernel } from './array-kernel';

/** ZooReluGrad: dx = dy where y > 0, else 0. */
export const reluGradReference: ArrayKernel = ({ dy, y }, _attrs, alloc = newFloat32) => {
  const g = dy.values;
  const yv = y.values;
  const dx = alloc(g.length);
  for (let i = 0; i < g.length; i++) dx[i] = yv[i] > 0 ? g[i] : 0;
  return [f32(dx, dy.shape)];
};

/** ZooTanh: 1 − 2/(e^{2x} + 1) (exact in float32, faster than Math.tanh); x itself when |x| < 1e-4 or NaN. */
export const tanhReference: ArrayKernel = ({ x }, _attrs, alloc = newFloat32) => {
  const xv = x.values;
  const y = alloc(xv.length);
  for (let i = 0; i < xv.length; i++) {
    const v = xv[i];
    // |v| small: the formula cancels; tanh(v) = v(1 − v²/3 + …) to float32 precision below 1e-4
    y[i] = Math.abs(v) < 1e-4 ? v : v !== v ? v : 1 - 2 / (Math.exp(2 * v) + 1);
  }
  return [f32(y, x.shape)];
};

/** ZooTanhGrad: dx = dy·(1 − y²). */
export const tanhGradReference: ArrayKernel = ({ dy, y }, _attrs, alloc = newFloat32) => {
  const g = dy.values;
  const ys = y.values;
  const dx = alloc(g.length);
  for (let i = 0; i < g.length; i++) dx[i] = g[i] * (1 - ys[i] * ys[i]);
  return [f32(dx, dy.shape)];
};

/** ZooDropout: y = x·(keep·scale) with keep from the attrs' stream and seed; keep is the second output. */
export const dropoutReference: ArrayKernel = ({ x }, attrs, alloc = newFloat32) => {
  const { rate, seed, stream, scale } = attrs as unknown as ZooDropoutAttrs;
  const xv = x.values;
  const keep = dropoutMask(stream, seed, rate, xv.length);
  const y = alloc(xv.length);
  for (let i = 0; i < xv.length; i++) y[i] = keep[i] * scale * xv[i];
  return [f32(y, x.shape), { values: keep, shape: x.shape, dtype: 'bool' }];
};

/** ZooDropoutGrad: dx = dy·(keep·scale). */
export const dropoutGradReference: ArrayKernel = ({ dy, keep }, attrs, alloc = newFloat32) => {
  const { scale } = attrs as unknown as ZooDropoutGradAttrs;
  const g = dy.values;
  const k = keep.values;
  const dx = alloc(g.length);
  for (let i = 0; i < g.length; i++) dx[i] = k[i] * scale * g[i];
  return [f32(dx, dy.shape)];
};
