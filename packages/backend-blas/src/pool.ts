import { backend_util, type KernelConfig, type TensorInfo } from '@tensorflow/tfjs-core';
import { f32, out, withFallback, type KernelArgs } from './kernel-utils';

/**
 * 2-D max and average pooling (NHWC, no dilation) and their gradients with the channel vector as the
 * inner loop (tfjs's cpu kernels walk one channel at a time through a buffer accessor). Semantics match
 * tfjs cpu exactly: max takes the first strict maximum of the window in row-major order; average divides
 * by the number of in-bounds pixels forward, and by the full window size in AvgPoolGrad (as tfjs does).
 */
type PoolInfo = backend_util.Conv2DInfo;

function info(shape: number[], attrs: KernelArgs['attrs']): PoolInfo {
  return backend_util.computePool2DInfo(
    shape as [number, number, number, number],
    attrs!.filterSize as [number, number],
    attrs!.strides as [number, number],
    1,
    attrs!.pad as 'same',
    attrs!.dimRoundingMode as 'round' | undefined,
  );
}

interface Window {
  y0: number;
  y1: number;
  x0: number;
  x1: number;
}

function windowOf(c: PoolInfo, oy: number, ox: number): Window {
  const yc = oy * c.strideHeight - c.padInfo.top;
  const xc = ox * c.strideWidth - c.padInfo.left;
  return {
    y0: Math.max(0, yc),
    y1: Math.min(c.inHeight, yc + c.effectiveFilterHeight),
    x0: Math.max(0, xc),
    x1: Math.min(c.inWidth, xc + c.effectiveFilterWidth),
  };
}

function maxPool(x: Float32Array, c: PoolInfo): Float32Array {
  const { batchSize: N, inHeight: H, inWidth: W, inChannels: C, outHeight: OH, outWidth: OW } = c;
  const y = new Float32Array(N * OH * OW * C);
  for (let b = 0; b < N; b++)
    for (let oy = 0; oy < OH; oy++)
      for (let ox = 0; ox < OW; ox++) {
        const o = ((b * OH + oy) * OW + ox) * C;
        y.fill(-Infinity, o, o + C);
        const w = windowOf(c, oy, ox);
        for (let iy = w.y0; iy < w.y1; iy++)
          for (let ix = w.x0; ix < w.x1; ix++) {
            const p = ((b * H + iy) * W + ix) * C;
            for (let ch = 0; ch < C; ch++) if (x[p + ch] > y[o + ch]) y[o + ch] = x[p + ch];
          }
      }
  return y;
}

function maxPoolGrad(dy: Float32Array, x: Float32Array, c: PoolInfo): Float32Array {
  const { batchSize: N, inHeight: H, inWidth: W, inChannels: C, outHeight: OH, outWidth: OW } = c;
  const dx = new Float32Array(N * H * W * C);
  const best = new Float32Array(C);
  const pos = new Int32Array(C);
  for (let b = 0; b < N; b++)
    for (let oy = 0; oy < OH; oy++)
      for (let ox = 0; ox < OW; ox++) {
        best.fill(-Infinity);
        pos.fill(-1);
        const w = windowOf(c, oy, ox);
        for (let iy = w.y0; iy < w.y1; iy++)
          for (let ix = w.x0; ix < w.x1; ix++) {
            const p = ((b * H + iy) * W + ix) * C;
            for (let ch = 0; ch < C; ch++)
              if (x[p + ch] > best[ch]) {
                best[ch] = x[p + ch];
                pos[ch] = p + ch;
              }
          }
        const o = ((b * OH + oy) * OW + ox) * C;
        for (let ch = 0; ch < C; ch++) if (pos[ch] >= 0) dx[pos[ch]] += dy[o + ch];
      }
  return dx;
}

function avgPool(x: Float32Array, c: PoolInfo): Float32Array {
  const { batchSize: N, inHeight: H, inWidth: W, inChannels: C, outHeight: OH, outWidth: OW } = c;
  const y = new Float32Array(N * OH * OW * C);
  for (let b = 0; b < N; b++)
    for (let oy = 0; oy < OH; oy++)
      for (let ox = 0; ox < OW; ox++) {
        const o = ((b * OH + oy) * OW + ox) * C;
        const w = windowOf(c, oy, ox);
        for (let iy = w.y0; iy < w.y1; iy++)
          for (let ix = w.x0; ix < w.x1; ix++) {
            const p = ((b * H + iy) * W + ix) * C;
            for (let ch = 0; ch < C; ch++) y[o + ch] += x[p + ch];
          }
        const inv = 1 / ((w.y1 - w.y0) * (w.x1 - w.x0));
        for (let ch = 0; ch < C; ch++) y[o + ch] *= inv;
      }
  return y;
}

function avgPoolGrad(dy: Float32Array, c: PoolInfo): Float32Array {
  const { batchSize: N, inHeight: H, inWidth: W, inChannels: C, outHeight: OH, outWidth: OW } = c;
  const dx = new Float32Array(N * H * W * C);
  const mult = 1 / (c.effectiveFilterHeight * c.effectiveFilterWidth);
  for (let b = 0; b < N; b++)
    for (let oy = 0; oy < OH; oy++)
      for (let ox = 0; ox < OW; ox++) {
        const o = ((b * OH + oy) * OW + ox) * C;
        const w = windowOf(c, oy, ox);
        for (let iy = w.y0; iy < w.y1; iy++)
          for (let ix = w.x0; ix < w.x1; ix++) {
            const p = ((b * H + iy) * W + ix) * C;
            for (let ch = 0; ch < C; ch++) dx[p + ch] += dy[o + ch] * mult;
          }
      }
  return dx;
}

function ok(...ts: TensorInfo[]): boolean {
  return ts.every((t) => t.dtype === 'float32' && t.shape.length === 4);
}

export function poolKernels(cpu: Map<string, KernelConfig>): KernelConfig[] {
  return [
    withFallback('MaxPool', cpu, ({ inputs, backend, attrs }) => {
      if (!ok(inputs.x)) return null;
      const c = info(inputs.x.shape, attrs);
      return out(backend, c.outShape, maxPool(f32(backend, inputs.x), c));
    }),
    withFallback('MaxPoolGrad', cpu, ({ inputs, backend, attrs }) => {
      if (!ok(inputs.dy, inputs.input)) return null;
      const c = info(inputs.input.shape, attrs);
      return out(backend, inputs.input.shape, maxPoolGrad(f32(backend, inputs.dy), f32(backend, inputs.input), c));
    }),
    withFallback('AvgPool', cpu, ({ inputs, backend, attrs }) => {
      if (!ok(inputs.x)) return null;
      const c = info(inputs.x.shape, attrs);
      return out(backend, c.outShape, avgPool(f32(backend, inputs.x), c));
    }),
    withFallback('AvgPoolGrad', cpu, ({ inputs, backend, attrs }) => {
      if (!ok(inputs.dy, inputs.input)) return null;
      const c = info(inputs.input.shape, attrs);
      return out(backend, inputs.input.shape, avgPoolGrad(f32(backend, inputs.dy), c));
    }),
    withFallback('UnsortedSegmentSum', cpu, ({ inputs, backend, attrs }) => {
      // O(E·F): one pass over the rows (tfjs cpu builds a mask per segment: O(segments·E·F))
      const { x, segmentIds } = inputs;
      if (x.dtype !== 'float32' || segmentIds.dtype !== 'int32') return null;
      const n = attrs!.numSegments as number;
      const xv = f32(backend, x);
      const ids = backend.data.get(segmentIds.dataId).values as Int32Array;
      const inner = ids.length === 0 ? 0 : xv.length / ids.length;
      const res = new Float32Array(n * inner);
      for (let i = 0; i < ids.length; i++) {
        const s = ids[i];
        if (s < 0 || s >= n) continue;
        const o = s * inner;
        const p = i * inner;
        for (let j = 0; j < inner; j++) res[o + j] += xv[p + j];
      }
      return out(backend, [n, ...x.shape.slice(segmentIds.shape.length)], res);
    }),
  ];
}
