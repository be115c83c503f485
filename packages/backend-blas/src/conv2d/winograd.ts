import type { Blas } from '../openblas';
import { nativeKernels, type NativeKernels } from '../native';
import { allocOutput, allocZeroed, release } from '../buffer-pool';
import { colsBuffer, extBuffer, imagesPerChunk, type ConvInfo } from './conv-scratch';

/**
 * Winograd F(m×m, 3×3) (Lavin & Gray 2016) for 3×3, stride-1, undilated convolutions with at least
 * WINOGRAD_MIN_CHANNELS channels in and out (native/winograd.c has the transforms): the forward pass
 * (and so the stride-1 input gradient, itself such a convolution) as α² sgemms over transformed tiles
 *   M[k] = V[k] · U[k]      V[k]: [T, C_in] input tiles,  U[k]: [C_in, C_out] filter,  k < α² (α = m + 2)
 * and the filter gradient as the adjoint chain ∂U[k] = V[k]ᵀ·∂M[k], ∂W = Gᵀ-transform of ∂U.
 * m = 4 (4× fewer multiplications than im2col, a 2.25× input expansion instead of 9×) when the output
 * is at least 8×8, else m = 2 (measured on the ResNet-18 layers, batch 32: 32×32×64 forward 7.9 ms
 * with m = 4, 14.2 with m = 2, ~19 with im2col; at 4×4×512 m = 2 is fastest). Needs the C kernels;
 * ZOO_BLAS_WINOGRAD=0 keeps im2col.
 */
const WINOGRAD_MIN_CHANNELS = 16;

export interface WinogradPlan {
  native: NativeKernels;
  /** output tile size */
  m: number;
  /** α², the number of transformed matrices */
  k: number;
  tiles: number;
  chunk: number;
}

/** The plan when Winograd takes this convolution, else undefined. */
export function winogradPlan(c: ConvInfo): WinogradPlan | undefined {
  if (c.filterHeight !== 3 || c.filterWidth !== 3 || c.strideHeight !== 1 || c.strideWidth !== 1 || c.dilationHeight !== 1 || c.dilationWidth !== 1) return undefined;
  if (c.inChannels < WINOGRAD_MIN_CHANNELS || c.outChannels < WINOGRAD_MIN_CHANNELS || process.env.ZOO_BLAS_WINOGRAD === '0') return undefined;
  const native = nativeKernels();
  if (!native) return undefined;
  const m = Math.min(c.outHeight, c.outWidth) >= 8 ? 4 : 2;
  const k = (m + 2) ** 2;
  const tiles = Math.ceil(c.outHeight / m) * Math.ceil(c.outWidth / m);
  const chunk = imagesPerChunk(c, k * tiles * Math.max(c.inChannels, c.outChannels));
  return { native, m, k, tiles, chunk };
}

export function conv2dForwardWinograd(blas: Blas, wg: WinogradPlan, x: Float32Array, w: Float32Array, c: ConvInfo): Float32Array {
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

export function conv2dBackpropFilterWinograd(blas: Blas, wg: WinogradPlan, x: Float32Array, dy: Float32Array, c: ConvInfo): Float32Array {
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
