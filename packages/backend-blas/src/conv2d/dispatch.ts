import type { Blas } from '../openblas';
import { nativeKernels } from '../native';
import { allocOutput, release } from '../buffer-pool';
import { isPointwise, type ConvInfo } from './conv-scratch';
import { conv2dBackpropFilterIm2col, conv2dBackpropInputCol2im, conv2dForwardIm2col } from './im2col';
import { conv2dBackpropFilterRows, conv2dForwardRows, useRowPath } from './row-path';
import { conv2dBackpropFilterWinograd, conv2dForwardWinograd, winogradPlan } from './winograd';

/**
 * 2-D convolution (NHWC) and both gradients on float32 arrays, each call sent to one algorithm:
 *   3×3, stride 1, ≥ 16 channels in and out, C kernels loaded   → Winograd (winograd.ts)
 *   stride 1, dilation 1, f_h > 1, ≤ 32 input channels          → the row path (row-path.ts)
 *   everything else (1×1 pointwise included)                    → im2col + sgemm (im2col.ts)
 * For stride 1 and dilation 1, ∂X is itself a convolution (see backpropInputAsConv) and so takes the
 * forward dispatch; other strides scatter with col2im.
 */

export function conv2dForward(blas: Blas, x: Float32Array, w: Float32Array, c: ConvInfo): Float32Array {
  const wino = winogradPlan(c);
  if (wino) return conv2dForwardWinograd(blas, wino, x, w, c);
  if (useRowPath(c)) return conv2dForwardRows(blas, x, w, c);
  return conv2dForwardIm2col(blas, x, w, c);
}

/**
 * For stride 1 and dilation 1, ∂X is itself a convolution: ∂Y padded by (f − 1 − pad) correlated with
 * the filter rotated by 180° and with in/out channels swapped. That turns the scatter-add of col2im into
 * a copy (im2col) plus one sgemm.
 */
function backpropInputAsConv(blas: Blas, dy: Float32Array, w: Float32Array, c: ConvInfo): Float32Array {
  const { filterHeight: FH, filterWidth: FW, inChannels: CI, outChannels: CO } = c;
  const rotated = allocOutput(w.length); // every value written below
  const native = nativeKernels();
  if (native) native.rotateFilter(w, rotated, FH, FW, CI, CO);
  else for (let fy = 0; fy < FH; fy++)
    for (let fx = 0; fx < FW; fx++)
      for (let ci = 0; ci < CI; ci++)
        for (let co = 0; co < CO; co++) rotated[((fy * FW + fx) * CO + co) * CI + ci] = w[(((FH - 1 - fy) * FW + (FW - 1 - fx)) * CI + ci) * CO + co];
  const t = {
    ...c,
    inHeight: c.outHeight,
    inWidth: c.outWidth,
    inChannels: CO,
    outHeight: c.inHeight,
    outWidth: c.inWidth,
    outChannels: CI,
    padInfo: { ...c.padInfo, top: FH - 1 - c.padInfo.top, left: FW - 1 - c.padInfo.left },
  } as ConvInfo;
  const dx = conv2dForward(blas, dy, rotated, t);
  release(rotated);
  return dx;
}

export function conv2dBackpropInput(blas: Blas, dy: Float32Array, w: Float32Array, c: ConvInfo): Float32Array {
  if (!isPointwise(c) && c.strideHeight === 1 && c.strideWidth === 1 && c.dilationHeight === 1 && c.dilationWidth === 1) {
    return backpropInputAsConv(blas, dy, w, c);
  }
  return conv2dBackpropInputCol2im(blas, dy, w, c);
}

export function conv2dBackpropFilter(blas: Blas, x: Float32Array, dy: Float32Array, c: ConvInfo): Float32Array {
  const wino = winogradPlan(c);
  if (wino) return conv2dBackpropFilterWinograd(blas, wino, x, dy, c);
  if (useRowPath(c)) return conv2dBackpropFilterRows(blas, x, dy, c);
  return conv2dBackpropFilterIm2col(blas, x, dy, c);
}
