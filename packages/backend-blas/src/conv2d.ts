import { backend_util, type KernelConfig, type TensorInfo } from '@tensorflow/tfjs-core';
import type { Blas } from './openblas';
import { allFloat32, f32, out, withFallback, type KernelArgs } from './kernel-utils';
import { biasAndActivation } from './matmul';
import { nativeKernels, type NativeKernels } from './native';
import { allocOutput, allocZeroed, release } from './buffer-pool';

/**
 * 2-D convolution (NHWC) and both gradients. 3×3 stride-1 convolutions with enough channels take the
 * Winograd path (below, with the C kernels); everything else is im2col + sgemm:
 *   forward      Y[rows, C_out]        = cols(X)[rows, K] · W[K, C_out]        (K = f_h·f_w·C_in)
 *   ∂X           ∂cols[rows, K]        = ∂Y · Wᵀ, scattered back by col2im
 *   ∂W           ∂W[K, C_out]          = cols(X)ᵀ · ∂Y
 * rows = N·H_out·W_out; images are processed in chunks so cols stays under ~16 MB (a reused buffer).
 * A 1×1, stride-1, unpadded convolution is a plain matmul on X itself.
 */
const CHUNK_FLOATS = 4 * 1024 * 1024;

type ConvInfo = backend_util.Conv2DInfo;

function isPointwise(c: ConvInfo): boolean {
  return (
    c.filterHeight === 1 && c.filterWidth === 1 && c.strideHeight === 1 && c.strideWidth === 1 &&
    c.dilationHeight === 1 && c.dilationWidth === 1 && c.padInfo.top === 0 && c.padInfo.left === 0
  );
}

/** cols for images [b0, b1): row (b, oy, ox), column (fy, fx, c); in-bounds runs are copied with set(). */
function im2col(x: Float32Array, c: ConvInfo, b0: number, b1: number, cols: Float32Array): void {
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
function col2im(cols: Float32Array, c: ConvInfo, b0: number, b1: number, dx: Float32Array): void {
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

/** One scratch buffer for cols, grown on demand (allocating and zeroing 64 MB per call costs more than the copy). */
let scratch = new Float32Array(0);
function colsBuffer(n: number): Float32Array {
  if (scratch.length < n) scratch = new Float32Array(n);
  return scratch.subarray(0, n);
}

const ROW_PATH_MAX_CHANNELS = 32;

/** A second reused buffer (the row path's extended output / gradient rows). */
let scratch2 = new Float32Array(0);
function extBuffer(n: number): Float32Array {
  if (scratch2.length < n) scratch2 = new Float32Array(n);
  return scratch2.subarray(0, n);
}

/**
 * The row path, for stride 1, dilation 1 and filters taller than one row (3×3 'same' and the like): im2col
 * along the filter's width only. rowCols holds, for each image, the PH = H_out + f_h − 1 (padded) input
 * rows py and every output column ox: row (b, py, ox), columns (fx, c) = X[b, py − top, ox + fx − left, c]
 * (0 outside): f_h times fewer values than full im2col. Output row (b, oy, ox) reads filter row fy from
 * rowCols row (b, oy + fy, ox), a fixed offset of fy·W_out rows, so over a chunk of images
 *   Y_ext = Σ_fy rowCols[· + fy·W_out] · W[fy]            (W[fy]: the (f_w·C_in)×C_out slice of HWIO)
 * is f_h sgemms, where Y_ext has PH rows per image of which the first H_out are kept.
 *   ∂W[fy] = rowCols[· + fy·W_out]ᵀ · ∂Y_ext              (∂Y_ext: ∂Y with zero rows past H_out)
 */
function rowPath(c: ConvInfo): boolean {
  // with many channels full im2col's long rows make the better sgemm (measured: 64 channels at 7×7 slower by rows)
  return c.inChannels <= ROW_PATH_MAX_CHANNELS && c.strideHeight === 1 && c.strideWidth === 1 && c.dilationHeight === 1 && c.dilationWidth === 1 && c.filterHeight > 1;
}

function rowIm2col(x: Float32Array, c: ConvInfo, b0: number, b1: number, cols: Float32Array): void {
  const native = nativeKernels();
  if (native) return native.rowIm2col(x, c, b0, b1, cols);
  const { inHeight: H, inWidth: W, inChannels: C, outHeight: OH, outWidth: OW, filterHeight: FH, filterWidth: FW } = c;
  const top = c.padInfo.top;
  const left = c.padInfo.left;
  const PH = OH + FH - 1;
  const Kr = FW * C;
  let r = 0;
  for (let b = b0; b < b1; b++) {
    const xb = b * H * W * C;
    for (let py = 0; py < PH; py++) {
      const iy = py - top;
      if (iy < 0 || iy >= H) {
        cols.fill(0, r * Kr, (r + OW) * Kr);
        r += OW;
        continue;
      }
      const src = xb + iy * W * C;
      for (let ox = 0; ox < OW; ox++, r++) {
        const o = r * Kr;
        const ix0 = ox - left;
        if (ix0 >= 0 && ix0 + FW <= W) {
          const s0 = src + ix0 * C;
          if (Kr <= 64) for (let i = 0; i < Kr; i++) cols[o + i] = x[s0 + i];
          else cols.set(x.subarray(s0, s0 + Kr), o);
          continue;
        }
        for (let fx = 0; fx < FW; fx++) {
          const ix = ix0 + fx;
          const oo = o + fx * C;
          if (ix < 0 || ix >= W) cols.fill(0, oo, oo + C);
          else for (let i = 0; i < C; i++) cols[oo + i] = x[src + ix * C + i];
        }
      }
    }
  }
}

function rowChunk(c: ConvInfo): number {
  const perImage = (c.outHeight + c.filterHeight - 1) * c.outWidth * c.filterWidth * c.inChannels;
  return Math.max(1, Math.min(c.batchSize, Math.floor(CHUNK_FLOATS / Math.max(perImage, 1))));
}

function conv2dForwardRows(blas: Blas, x: Float32Array, w: Float32Array, c: ConvInfo): Float32Array {
  const { outHeight: OH, outWidth: OW, outChannels: CO, filterHeight: FH } = c;
  const PH = OH + FH - 1;
  const Kr = c.filterWidth * c.inChannels;
  const y = allocOutput(c.batchSize * OH * OW * CO);
  const chunk = rowChunk(c);
  const cols = colsBuffer(chunk * PH * OW * Kr);
  const ext = extBuffer(chunk * PH * OW * CO);
  for (let b0 = 0; b0 < c.batchSize; b0 += chunk) {
    const b1 = Math.min(c.batchSize, b0 + chunk);
    rowIm2col(x, c, b0, b1, cols);
    const M = (b1 - b0) * PH * OW - (FH - 1) * OW;
    for (let fy = 0; fy < FH; fy++) {
      blas.sgemm(false, false, M, CO, Kr, 1, cols.subarray(fy * OW * Kr), Kr, w.subarray(fy * Kr * CO), CO, fy === 0 ? 0 : 1, ext, CO);
    }
    for (let b = b0; b < b1; b++) y.set(ext.subarray((b - b0) * PH * OW * CO, ((b - b0) * PH + OH) * OW * CO), b * OH * OW * CO);
  }
  return y;
}

function conv2dBackpropFilterRows(blas: Blas, x: Float32Array, dy: Float32Array, c: ConvInfo): Float32Array {
  const { outHeight: OH, outWidth: OW, outChannels: CO, filterHeight: FH } = c;
  const PH = OH + FH - 1;
  const Kr = c.filterWidth * c.inChannels;
  const dw = new Float32Array(FH * Kr * CO);
  const chunk = rowChunk(c);
  const cols = colsBuffer(chunk * PH * OW * Kr);
  const ext = extBuffer(chunk * PH * OW * CO);
  for (let b0 = 0; b0 < c.batchSize; b0 += chunk) {
    const b1 = Math.min(c.batchSize, b0 + chunk);
    rowIm2col(x, c, b0, b1, cols);
    for (let b = b0; b < b1; b++) {
      const e = (b - b0) * PH * OW * CO;
      ext.set(dy.subarray(b * OH * OW * CO, (b + 1) * OH * OW * CO), e);
      ext.fill(0, e + OH * OW * CO, e + PH * OW * CO);
    }
    const M = (b1 - b0) * PH * OW - (FH - 1) * OW;
    for (let fy = 0; fy < FH; fy++) {
      blas.sgemm(true, false, Kr, CO, M, 1, cols.subarray(fy * OW * Kr), Kr, ext, CO, b0 === 0 ? 0 : 1, dw.subarray(fy * Kr * CO), CO);
    }
  }
  return dw;
}

function chunkImages(c: ConvInfo): number {
  const perImage = c.outHeight * c.outWidth * c.filterHeight * c.filterWidth * c.inChannels;
  return Math.max(1, Math.min(c.batchSize, Math.floor(CHUNK_FLOATS / Math.max(perImage, 1))));
}

/**
 * Winograd F(m×m, 3×3) (Lavin & Gray 2016) for 3×3, stride-1, undilated convolutions with at least
 * WINOGRAD_MIN_CHANNELS channels in and out (native/winograd.c has the transforms): the forward pass
 * (and so the stride-1 input gradient, itself such a convolution) as α² sgemms [T, C_in]·[C_in, C_out]
 * over transformed tiles (α = m + 2), the filter gradient as the adjoint chain ∂U[k] = V[k]ᵀ·∂M[k].
 * m = 4 (4× fewer multiplications than im2col, a 2.25× input expansion instead of 9×) when the output
 * is at least 8×8, else m = 2 (measured on the ResNet-18 layers, batch 32: 32×32×64 forward 7.9 ms
 * with m = 4, 14.2 with m = 2, ~19 with im2col; at 4×4×512 m = 2 is fastest). Needs the C kernels;
 * ZOO_BLAS_WINOGRAD=0 keeps im2col.
 */
const WINOGRAD_MIN_CHANNELS = 16;

interface Winograd {
  native: NativeKernels;
  /** output tile size */
  m: number;
  /** α², the number of transformed matrices */
  k: number;
  tiles: number;
  chunk: number;
}

function winograd(c: ConvInfo): Winograd | undefined {
  if (c.filterHeight !== 3 || c.filterWidth !== 3 || c.strideHeight !== 1 || c.strideWidth !== 1 || c.dilationHeight !== 1 || c.dilationWidth !== 1) return undefined;
  if (c.inChannels < WINOGRAD_MIN_CHANNELS || c.outChannels < WINOGRAD_MIN_CHANNELS || process.env.ZOO_BLAS_WINOGRAD === '0') return undefined;
  const native = nativeKernels();
  if (!native) return undefined;
  const m = Math.min(c.outHeight, c.outWidth) >= 8 ? 4 : 2;
  const k = (m + 2) ** 2;
  const tiles = Math.ceil(c.outHeight / m) * Math.ceil(c.outWidth / m);
  const perImage = k * tiles * Math.max(c.inChannels, c.outChannels);
  const chunk = Math.max(1, Math.min(c.batchSize, Math.floor(CHUNK_FLOATS / Math.max(perImage, 1))));
  return { native, m, k, tiles, chunk };
}

function conv2dForwardWinograd(blas: Blas, wg: Winograd, x: Float32Array, w: Float32Array, c: ConvInfo): Float32Array {
  const { inChannels: CI, outChannels: CO } = c;
  const { native, m, k: K, tiles, chunk } = wg;
  const U = allocOutput(K * CI * CO); // every value written by the transform
  native.winoFilter(m, w, CI, CO, U);
  const y = allocOutput(c.batchSize * c.outHeight * c.outWidth * CO);
  const V = colsBuffer(K * chunk * tiles * CI);
  const M = extBuffer(K * chunk * tiles * CO);
  for (let b0 = 0; b0 < c.batchSize; b0 += chunk) {
    const b1 = Math.min(c.batchSize, b0 + chunk);
    const T = (b1 - b0) * tiles;
    native.winoInput(m, x, c, b0, b1, V);
    for (let k = 0; k < K; k++) blas.sgemm(false, false, T, CO, CI, 1, V.subarray(k * T * CI), CI, U.subarray(k * CI * CO), CO, 0, M.subarray(k * T * CO), CO);
    native.winoOutput(m, M, c, b0, b1, y);
  }
  release(U);
  return y;
}

function conv2dBackpropFilterWinograd(blas: Blas, wg: Winograd, x: Float32Array, dy: Float32Array, c: ConvInfo): Float32Array {
  const { inChannels: CI, outChannels: CO } = c;
  const { native, m, k: K, tiles, chunk } = wg;
  const dU = c.batchSize > 0 ? allocOutput(K * CI * CO) : allocZeroed(K * CI * CO); // the first chunk's sgemms (β = 0) write it all
  const V = colsBuffer(K * chunk * tiles * CI);
  const dM = extBuffer(K * chunk * tiles * CO);
  for (let b0 = 0; b0 < c.batchSize; b0 += chunk) {
    const b1 = Math.min(c.batchSize, b0 + chunk);
    const T = (b1 - b0) * tiles;
    native.winoInput(m, x, c, b0, b1, V);
    native.winoOutputGrad(m, dy, c, b0, b1, dM);
    for (let k = 0; k < K; k++) blas.sgemm(true, false, CI, CO, T, 1, V.subarray(k * T * CI), CI, dM.subarray(k * T * CO), CO, b0 === 0 ? 0 : 1, dU.subarray(k * CI * CO), CO);
  }
  const dw = allocOutput(9 * CI * CO);
  native.winoFilterGrad(m, dU, CI, CO, dw);
  release(dU);
  return dw;
}

export function conv2dForward(blas: Blas, x: Float32Array, w: Float32Array, c: ConvInfo): Float32Array {
  const wino = winograd(c);
  if (wino) return conv2dForwardWinograd(blas, wino, x, w, c);
  if (!isPointwise(c) && rowPath(c)) return conv2dForwardRows(blas, x, w, c);
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
  const K = c.filterHeight * c.filterWidth * c.inChannels;
  const perImageRows = c.outHeight * c.outWidth;
  if (!isPointwise(c) && c.strideHeight === 1 && c.strideWidth === 1 && c.dilationHeight === 1 && c.dilationWidth === 1) {
    return backpropInputAsConv(blas, dy, w, c);
  }
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

export function conv2dBackpropFilter(blas: Blas, x: Float32Array, dy: Float32Array, c: ConvInfo): Float32Array {
  const K = c.filterHeight * c.filterWidth * c.inChannels;
  const perImageRows = c.outHeight * c.outWidth;
  const wino = winograd(c);
  if (wino) return conv2dBackpropFilterWinograd(blas, wino, x, dy, c);
  if (!isPointwise(c) && rowPath(c)) return conv2dBackpropFilterRows(blas, x, dy, c);
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

function nhwc(attrs: KernelArgs['attrs']): boolean {
  return (attrs?.dataFormat ?? 'NHWC') === 'NHWC';
}

export function convKernels(blas: Blas, cpu: Map<string, KernelConfig>): KernelConfig[] {
  const info = (xShape: number[], fShape: number[], attrs: KernelArgs['attrs'], dilations: number | [number, number] = 1) =>
    backend_util.computeConv2DInfo(
      xShape as [number, number, number, number],
      fShape as [number, number, number, number],
      attrs!.strides as [number, number],
      dilations,
      attrs!.pad as 'same',
      attrs!.dimRoundingMode as 'round' | undefined,
      false,
      'channelsLast',
    );
  const forward = ({ inputs, backend, attrs }: KernelArgs, fused: boolean): TensorInfo | null => {
    const { x, filter } = inputs;
    const bias = inputs.bias as TensorInfo | undefined;
    const preluActivationWeights = inputs.preluActivationWeights as TensorInfo | undefined;
    if (!nhwc(attrs) || !allFloat32(x, filter, bias, preluActivationWeights)) return null;
    const c = info(x.shape, filter.shape, attrs, attrs!.dilations as [number, number]);
    const y = conv2dForward(blas, f32(backend, x), f32(backend, filter), c);
    if (fused) {
      const ok = biasAndActivation(y, c.outChannels, bias && f32(backend, bias), attrs?.activation as string, {
        alpha: attrs?.leakyreluAlpha as number,
        prelu: preluActivationWeights && f32(backend, preluActivationWeights),
      });
      if (!ok) return null;
    }
    return out(backend, c.outShape, y);
  };
  return [
    withFallback('Conv2D', cpu, (a) => forward(a, false)),
    withFallback('FusedConv2D', cpu, (a) => forward(a, true)),
    withFallback('Conv2DBackpropInput', cpu, ({ inputs, backend, attrs }) => {
      const { dy, filter } = inputs;
      if (!nhwc(attrs) || !allFloat32(dy, filter)) return null;
      const c = info(attrs!.inputShape as number[], filter.shape, attrs);
      return out(backend, c.inShape, conv2dBackpropInput(blas, f32(backend, dy), f32(backend, filter), c));
    }),
    withFallback('Conv2DBackpropFilter', cpu, ({ inputs, backend, attrs }) => {
      const { x, dy } = inputs;
      if (!nhwc(attrs) || !allFloat32(x, dy)) return null;
      const c = info(x.shape, attrs!.filterShape as number[], attrs);
      return out(backend, attrs!.filterShape as number[], conv2dBackpropFilter(blas, f32(backend, x), f32(backend, dy), c));
    }),
  ];
}
