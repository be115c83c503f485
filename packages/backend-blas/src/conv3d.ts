import { backend_util, type KernelConfig } from '@tensorflow/tfjs-core';
import type { Blas } from './openblas';
import { f32, out, withFallback, type KernelArgs } from './kernel-utils';

/**
 * 3-D convolution (NDHWC, for video models) as im2col + sgemm, and both gradients, exactly as the 2-D
 * case (conv2d.ts) with one more spatial axis: rows (b, od, oy, ox), columns (fd, fy, fx, c).
 */
type Info = backend_util.Conv3DInfo;

function forEachTap(c: Info, b0: number, b1: number, fn: (row: number, col: number, xo: number) => void): void {
  const { inDepth: D, inHeight: H, inWidth: W, inChannels: C, outDepth: OD, outHeight: OH, outWidth: OW, filterDepth: FD, filterHeight: FH, filterWidth: FW } = c;
  let r = 0;
  for (let b = b0; b < b1; b++)
    for (let od = 0; od < OD; od++)
      for (let oy = 0; oy < OH; oy++)
        for (let ox = 0; ox < OW; ox++, r++)
          for (let fd = 0; fd < FD; fd++) {
            const id = od * c.strideDepth - c.padInfo.front + fd * c.dilationDepth;
            for (let fy = 0; fy < FH; fy++) {
              const iy = oy * c.strideHeight - c.padInfo.top + fy * c.dilationHeight;
              for (let fx = 0; fx < FW; fx++) {
                const ix = ox * c.strideWidth - c.padInfo.left + fx * c.dilationWidth;
                const col = ((fd * FH + fy) * FW + fx) * C;
                const inside = id >= 0 && id < D && iy >= 0 && iy < H && ix >= 0 && ix < W;
                fn(r, col, inside ? (((b * D + id) * H + iy) * W + ix) * C : -1);
              }
            }
          }
}

function addRun(dst: Float32Array, d: number, src: Float32Array, s: number, n: number): void {
  for (let q = 0; q < n; q++) dst[d + q] += src[s + q];
}

const CHUNK_FLOATS = 4 * 1024 * 1024;

function plan(c: Info) {
  const K = c.filterDepth * c.filterHeight * c.filterWidth * c.inChannels;
  const perImage = c.outDepth * c.outHeight * c.outWidth;
  const chunk = Math.max(1, Math.min(c.batchSize, Math.floor(CHUNK_FLOATS / Math.max(perImage * K, 1))));
  return { K, perImage, chunk, cols: new Float32Array(chunk * perImage * K) };
}

function im2col(x: Float32Array, c: Info, b0: number, b1: number, cols: Float32Array, K: number): void {
  const C = c.inChannels;
  forEachTap(c, b0, b1, (r, col, xo) => {
    const o = r * K + col;
    if (xo < 0) cols.fill(0, o, o + C);
    else cols.set(x.subarray(xo, xo + C), o);
  });
}

export function conv3dForward(blas: Blas, x: Float32Array, w: Float32Array, c: Info): Float32Array {
  const { K, perImage, chunk, cols } = plan(c);
  const CO = c.outChannels;
  const y = new Float32Array(c.batchSize * perImage * CO);
  for (let b0 = 0; b0 < c.batchSize; b0 += chunk) {
    const b1 = Math.min(c.batchSize, b0 + chunk);
    im2col(x, c, b0, b1, cols, K);
    blas.sgemm(false, false, (b1 - b0) * perImage, CO, K, 1, cols, K, w, CO, 0, y.subarray(b0 * perImage * CO), CO);
  }
  return y;
}

export function conv3dBackpropFilter(blas: Blas, x: Float32Array, dy: Float32Array, c: Info): Float32Array {
  const { K, perImage, chunk, cols } = plan(c);
  const CO = c.outChannels;
  const dw = new Float32Array(K * CO);
  for (let b0 = 0; b0 < c.batchSize; b0 += chunk) {
    const b1 = Math.min(c.batchSize, b0 + chunk);
    im2col(x, c, b0, b1, cols, K);
    blas.sgemm(true, false, K, CO, (b1 - b0) * perImage, 1, cols, K, dy.subarray(b0 * perImage * CO), CO, b0 === 0 ? 0 : 1, dw, CO);
  }
  return dw;
}

export function conv3dBackpropInput(blas: Blas, dy: Float32Array, w: Float32Array, c: Info): Float32Array {
  const { K, perImage, chunk, cols } = plan(c);
  const CO = c.outChannels;
  const C = c.inChannels;
  const dx = new Float32Array(c.batchSize * c.inDepth * c.inHeight * c.inWidth * C);
  for (let b0 = 0; b0 < c.batchSize; b0 += chunk) {
    const b1 = Math.min(c.batchSize, b0 + chunk);
    blas.sgemm(false, true, (b1 - b0) * perImage, K, CO, 1, dy.subarray(b0 * perImage * CO), CO, w, CO, 0, cols, K);
    forEachTap(c, b0, b1, (r, col, xo) => {
      if (xo >= 0) addRun(dx, xo, cols, r * K + col, C);
    });
  }
  return dx;
}

export function conv3dKernels(blas: Blas, cpu: Map<string, KernelConfig>): KernelConfig[] {
  const info = (xShape: number[], fShape: number[], attrs: KernelArgs['attrs']) =>
    backend_util.computeConv3DInfo(
      xShape as [number, number, number, number, number],
      fShape as [number, number, number, number, number],
      attrs!.strides as [number, number, number],
      (attrs!.dilations as [number, number, number]) ?? 1,
      attrs!.pad as 'same',
    );
  const ndhwc = (attrs: KernelArgs['attrs']) => (attrs?.dataFormat ?? 'NDHWC') === 'NDHWC';
  return [
    withFallback('Conv3D', cpu, ({ inputs, backend, attrs }) => {
      const { x, filter } = inputs;
      if (!ndhwc(attrs) || x.dtype !== 'float32' || filter.dtype !== 'float32') return null;
      const c = info(x.shape, filter.shape, attrs);
      return out(backend, c.outShape, conv3dForward(blas, f32(backend, x), f32(backend, filter), c));
    }),
    withFallback('Conv3DBackpropFilterV2', cpu, ({ inputs, backend, attrs }) => {
      const { x, dy } = inputs;
      if (x.dtype !== 'float32' || dy.dtype !== 'float32') return null;
      const c = info(x.shape, attrs!.filterShape as number[], attrs);
      return out(backend, attrs!.filterShape as number[], conv3dBackpropFilter(blas, f32(backend, x), f32(backend, dy), c));
    }),
    withFallback('Conv3DBackpropInputV2', cpu, ({ inputs, backend, attrs }) => {
      const { dy, filter } = inputs;
      if (dy.dtype !== 'float32' || filter.dtype !== 'float32') return null;
      const c = info(attrs!.inputShape as number[], filter.shape, attrs);
      return out(backend, c.inShape, conv3dBackpropInput(blas, f32(backend, dy), f32(backend, filter), c));
    }),
  ];
}
