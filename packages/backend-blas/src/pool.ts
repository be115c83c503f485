import { backend_util, type KernelConfig, type TensorInfo } from '@tensorflow/tfjs-core';
import { f32, out, withFallback, type KernelArgs } from './kernel-utils';
import { segmentSum } from '@zoo/ops';
import { nativeKernels } from './native';
import { allocOutput } from './buffer-pool';

/**
 * 2-D max and average pooling (NHWC, no dilation) and their gradients with the channel vector as the
 * inner loop (tfjs's cpu kernels walk one channel at a time through a buffer accessor). Semantics match
 * tfjs cpu exactly: max takes the first strict maximum of the window in row-major order; average divides
 * by the number of in-bounds pixels forward, and by the full window size in AvgPoolGrad (as tfjs does).
 * Max pooling and its gradient run in C when the library is loaded (native/pool.c: the same loops with the
 * channels split over the cores, the same bits) from NATIVE_MIN output values on.
 */
const NATIVE_MIN = 4096;

/** The geometry native/pool.c reads. */
const poolGeometry = (c: PoolInfo) =>
  Int32Array.from([c.batchSize, c.inHeight, c.inWidth, c.inChannels, c.outHeight, c.outWidth, c.effectiveFilterHeight, c.effectiveFilterWidth, c.strideHeight, c.strideWidth, c.padInfo.top, c.padInfo.left]);
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

/**
 * Walks every output position: `fn(o, pixels, count)` gets the output offset (times C) and the input
 * offsets (times C) of the in-bounds pixels of its window, in row-major window order.
 */
function forEachWindow(c: PoolInfo, fn: (o: number, pixels: Int32Array, count: number) => void): void {
  const { batchSize: N, inHeight: H, inWidth: W, inChannels: C, outHeight: OH, outWidth: OW } = c;
  const pixels = new Int32Array(c.effectiveFilterHeight * c.effectiveFilterWidth);
  for (let b = 0; b < N; b++)
    for (let oy = 0; oy < OH; oy++) {
      const yc = oy * c.strideHeight - c.padInfo.top;
      const y0 = Math.max(0, yc);
      const y1 = Math.min(H, yc + c.effectiveFilterHeight);
      for (let ox = 0; ox < OW; ox++) {
        const xc = ox * c.strideWidth - c.padInfo.left;
        const x0 = Math.max(0, xc);
        const x1 = Math.min(W, xc + c.effectiveFilterWidth);
        let count = 0;
        for (let iy = y0; iy < y1; iy++) for (let ix = x0; ix < x1; ix++) pixels[count++] = ((b * H + iy) * W + ix) * C;
        fn(((b * OH + oy) * OW + ox) * C, pixels, count);
      }
    }
}

const outSize = (c: PoolInfo) => c.batchSize * c.outHeight * c.outWidth * c.inChannels;
const inSize = (c: PoolInfo) => c.batchSize * c.inHeight * c.inWidth * c.inChannels;

function maxPool(x: Float32Array, c: PoolInfo): Float32Array {
  const C = c.inChannels;
  const y = new Float32Array(outSize(c));
  forEachWindow(c, (o, pixels, count) => {
    y.fill(-Infinity, o, o + C);
    for (let k = 0; k < count; k++) {
      const p = pixels[k];
      for (let ch = 0; ch < C; ch++) if (x[p + ch] > y[o + ch]) y[o + ch] = x[p + ch];
    }
  });
  return y;
}

function maxPoolGrad(dy: Float32Array, x: Float32Array, c: PoolInfo): Float32Array {
  const C = c.inChannels;
  const dx = new Float32Array(inSize(c));
  const best = new Float32Array(C);
  const pos = new Int32Array(C);
  forEachWindow(c, (o, pixels, count) => {
    best.fill(-Infinity);
    pos.fill(-1);
    for (let k = 0; k < count; k++) {
      const p = pixels[k];
      for (let ch = 0; ch < C; ch++)
        if (x[p + ch] > best[ch]) {
          best[ch] = x[p + ch];
          pos[ch] = p + ch;
        }
    }
    for (let ch = 0; ch < C; ch++) if (pos[ch] >= 0) dx[pos[ch]] += dy[o + ch];
  });
  return dx;
}

function avgPool(x: Float32Array, c: PoolInfo): Float32Array {
  const C = c.inChannels;
  const y = new Float32Array(outSize(c));
  forEachWindow(c, (o, pixels, count) => {
    for (let k = 0; k < count; k++) {
      const p = pixels[k];
      for (let ch = 0; ch < C; ch++) y[o + ch] += x[p + ch];
    }
    const inv = 1 / count;
    for (let ch = 0; ch < C; ch++) y[o + ch] *= inv;
  });
  return y;
}

function avgPoolGrad(dy: Float32Array, c: PoolInfo): Float32Array {
  const C = c.inChannels;
  const dx = new Float32Array(inSize(c));
  const mult = 1 / (c.effectiveFilterHeight * c.effectiveFilterWidth);
  forEachWindow(c, (o, pixels, count) => {
    for (let k = 0; k < count; k++) {
      const p = pixels[k];
      for (let ch = 0; ch < C; ch++) dx[p + ch] += dy[o + ch] * mult;
    }
  });
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
      const native = nativeKernels();
      if (native && outSize(c) >= NATIVE_MIN) {
        const y = allocOutput(outSize(c)); // every value written
        native.maxPool(f32(backend, inputs.x), poolGeometry(c), y);
        return out(backend, c.outShape, y);
      }
      return out(backend, c.outShape, maxPool(f32(backend, inputs.x), c));
    }),
    withFallback('MaxPoolGrad', cpu, ({ inputs, backend, attrs }) => {
      if (!ok(inputs.dy, inputs.input)) return null;
      const c = info(inputs.input.shape, attrs);
      const native = nativeKernels();
      if (native && outSize(c) >= NATIVE_MIN) {
        const dx = allocOutput(inSize(c)); // zeroed, then accumulated, by the C kernel
        native.maxPoolGrad(f32(backend, inputs.dy), f32(backend, inputs.input), poolGeometry(c), dx);
        return out(backend, inputs.input.shape, dx);
      }
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
      return out(backend, [n, ...x.shape.slice(segmentIds.shape.length)], segmentSum(xv, ids, n, new Float32Array(n * inner)));
    }),
  ];
}
