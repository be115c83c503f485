import type { Blas } from '../openblas';
import { nativeKernels } from '../native';
import { allocOutput, allocZeroed } from '../buffer-pool';
import { colsBuffer, imagesPerChunk, isPointwise, type ConvInfo } from './conv-scratch';

/**
 * im2col + sgemm, the general conv2d path (NHWC, any stride, dilation and padding):
 *   forward      Y[rows, C_out]        = cols(X)[rows, K] · W[K, C_out]        (K = f_h·f_w·C_in)
 *   ∂X           ∂cols[rows, K]        = ∂Y · Wᵀ, scattered back by col2im
 *   ∂W           ∂W[K, C_out]          = cols(X)ᵀ · ∂Y
 * rows = N·H_out·W_out; images are processed in chunks so cols stays under ~16 MB (a reused buffer).
 * A 1×1, stride-1, unpadded convolution is a plain matmul on X itself (no cols).
 */

/** cols for images [b0, b1): row (b, oy, ox), column (fy, fx, c); in-bounds runs are copied with set(). */
export function im2col(x: Float32Array, c: ConvInfo, b0: number, b1: number, cols: Float32Array): void {
  const native = nativeKernels();
  if (native) return native.im2col(x, c, b0, b1, cols);
  const { inHeight: H, inWidth: W, inChannels: C, outHeight: OH, outWidth: OW, filterHeight: FH, filterWidth: FW } = c;
  const { strideHeight: sh, strideWidth: sw, dilationHeight: dh, dilationWidth: dw } = c;
  const top = c.padInfo.top;
  const left = c.padInfo.left;
  const K = FH * FW * C;
  const run = FW * C; // one filter row of a patch: contiguous in x when dilation is 1 and in bounds
  let r = 0;
  for (let b = b0; b < b1; b++) {
    const xb = b * H * W * C;
    for (let oy = 0; oy < OH; oy++) {
      for (let ox = 0; ox < OW; ox++, r++) {
        const row = r * K;
        const ix0 = ox * sw - left;
        const inX = dw === 1 && ix0 >= 0 && ix0 + FW <= W;
        for (let fy = 0; fy < FH; fy++) {
          const iy = oy * sh - top + fy * dh;
          const o = row + fy * run;
          if (iy < 0 || iy >= H) {
            cols.fill(0, o, o + run);
            continue;
          }
          const src = xb + iy * W * C;
          if (inX) {
            // short runs (few channels): a plain loop beats creating a subarray view per run
            if (run <= 64) {
              for (let i = 0, s0 = src + ix0 * C; i < run; i++) cols[o + i] = x[s0 + i];
            } else cols.set(x.subarray(src + ix0 * C, src + ix0 * C + run), o);
            continue;
          }
          for (let fx = 0; fx < FW; fx++) {
            const ix = ix0 + fx * dw;
            const oo = o + fx * C;
            if (ix < 0 || ix >= W) cols.fill(0, oo, oo + C);
            else cols.set(x.subarray(src + ix * C, src + ix * C + C), oo);
          }
        }
      }
    }
  }
}

/**
 * dst[d..d+n) += src[s..s+n). A separate small function on purpose: inlined into col2im's long-running
 * loop nest, a rarely taken branch deoptimized the whole nest (measured 11 ns per add instead of ~1).
 */
function addRun(dst: Float32Array, d: number, src: Float32Array, s: number, n: number): void {
  for (let q = 0; q < n; q++) dst[d + q] += src[s + q];
}

/** Adds cols back into dx for images [b0, b1) (the adjoint of im2col). */
export function col2im(cols: Float32Array, c: ConvInfo, b0: number, b1: number, dx: Float32Array): void {
  const native = nativeKernels();
  if (native) return native.col2im(cols, c, b0, b1, dx);
  const { inHeight: H, inWidth: W, inChannels: C, outHeight: OH, outWidth: OW, filterHeight: FH, filterWidth: FW } = c;
  const { strideHeight: sh, strideWidth: sw, dilationHeight: dh, dilationWidth: dw } = c;
  const top = c.padInfo.top;
  const left = c.padInfo.left;
  const K = FH * FW * C;
  const run = FW * C;
  let r = 0;
  for (let b = b0; b < b1; b++) {
    const xb = b * H * W * C;
    for (let oy = 0; oy < OH; oy++) {
      for (let ox = 0; ox < OW; ox++, r++) {
        const row = r * K;
        const ix0 = ox * sw - left;
        const inX = dw === 1 && ix0 >= 0 && ix0 + FW <= W;
        for (let fy = 0; fy < FH; fy++) {
          const iy = oy * sh - top + fy * dh;
          if (iy < 0 || iy >= H) continue;
          const o = row + fy * run;
          const rowBase = xb + iy * W * C;
          if (inX) {
            addRun(dx, rowBase + ix0 * C, cols, o, run);
            continue;
          }
          for (let fx = 0; fx < FW; fx++) {
            const ix = ix0 + fx * dw;
            if (ix < 0 || ix >= W) continue;
            addRun(dx, rowBase + ix * C, cols, o + fx * C, C);
          }
        }
      }
    }
  }
}

function chunkImages(c: ConvInfo): number {
  return imagesPerChunk(c, c.outHeight * c.outWidth * c.filterHeight * c.filterWidth * c.inChannels);
}

export function conv2dForwardIm2col(blas: Blas, x: Float32Array, w: Float32Array, c: ConvInfo): Float32Array {
  const K = c.filterHeight * c.filterWidth * c.inChannels;
  const perImageRows = c.outHeight * c.outWidth;
  const y = allocOutput(c.batchSize * perImageRows * c.outChannels);
  if (isPointwise(c)) {
    blas.sgemm(false, false, c.batchSize * perImageRows, c.outChannels, K, 1, x, K, w, c.outChannels, 0, y, c.outChannels);
    return y;
  }
  const chunk = chunkImages(c);
  const cols = colsBuffer(chunk * perImageRows * K);
  for (let b0 = 0; b0 < c.batchSize; b0 += chunk) {
    const b1 = Math.min(c.batchSize, b0 + chunk);
    const rows = (b1 - b0) * perImageRows;
    im2col(x, c, b0, b1, cols);
    blas.sgemm(false, false, rows, c.outChannels, K, 1, cols, K, w, c.outChannels, 0, y.subarray(b0 * perImageRows * c.outChannels), c.outChannels);
  }
  return y;
}

export function conv2dBackpropInputCol2im(blas: Blas, dy: Float32Array, w: Float32Array, c: ConvInfo): Float32Array {
  const K = c.filterHeight * c.filterWidth * c.inChannels;
  const perImageRows = c.outHeight * c.outWidth;
  const dx = allocZeroed(c.batchSize * c.inHeight * c.inWidth * c.inChannels);
  if (isPointwise(c)) {
    blas.sgemm(false, true, c.batchSize * perImageRows, K, c.outChannels, 1, dy, c.outChannels, w, c.outChannels, 0, dx, K);
    return dx;
  }
  const chunk = chunkImages(c);
  const cols = colsBuffer(chunk * perImageRows * K);
  for (let b0 = 0; b0 < c.batchSize; b0 += chunk) {
    const b1 = Math.min(c.batchSize, b0 + chunk);
    const rows = (b1 - b0) * perImageRows;
    blas.sgemm(false, true, rows, K, c.outChannels, 1, dy.subarray(b0 * perImageRows * c.outChannels), c.outChannels, w, c.outChannels, 0, cols, K);
    col2im(cols, c, b0, b1, dx);
  }
  return dx;
}

export function conv2dBackpropFilterIm2col(blas: Blas, x: Float32Array, dy: Float32Array, c: ConvInfo): Float32Array {
  const K = c.filterHeight * c.filterWidth * c.inChannels;
  const perImageRows = c.outHeight * c.outWidth;
  // every value is written by the sgemms (β = 0 on the first chunk) unless there are no images
  const dw = c.batchSize > 0 ? allocOutput(K * c.outChannels) : allocZeroed(K * c.outChannels);
  if (isPointwise(c)) {
    blas.sgemm(true, false, K, c.outChannels, c.batchSize * perImageRows, 1, x, K, dy, c.outChannels, 0, dw, c.outChannels);
    return dw;
  }
  const chunk = chunkImages(c);
  const cols = colsBuffer(chunk * perImageRows * K);
  for (let b0 = 0; b0 < c.batchSize; b0 += chunk) {
    const b1 = Math.min(c.batchSize, b0 + chunk);
    const rows = (b1 - b0) * perImageRows;
    im2col(x, c, b0, b1, cols);
    blas.sgemm(true, false, K, c.outChannels, rows, 1, cols, K, dy.subarray(b0 * perImageRows * c.outChannels), c.outChannels, b0 === 0 ? 0 : 1, dw, c.outChannels);
  }
  return dw;
}
