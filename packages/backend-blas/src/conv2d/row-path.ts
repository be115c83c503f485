import type { Blas } from '../openblas';
import { nativeKernels } from '../native';
import { allocOutput } from '../buffer-pool';
import { colsBuffer, extBuffer, imagesPerChunk, isPointwise, type ConvInfo } from './conv-scratch';

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
const ROW_PATH_MAX_CHANNELS = 32;

/** Whether the row path takes this convolution. */
export function useRowPath(c: ConvInfo): boolean {
  // with many channels full im2col's long rows make the better sgemm (measured: 64 channels at 7×7 slower by rows)
  return (
    !isPointwise(c) &&
    c.inChannels <= ROW_PATH_MAX_CHANNELS && c.strideHeight === 1 && c.strideWidth === 1 && c.dilationHeight === 1 && c.dilationWidth === 1 && c.filterHeight > 1
  );
}

/** rowCols for images [b0, b1): row (b, py, ox), columns (fx, c). */
export function rowIm2col(x: Float32Array, c: ConvInfo, b0: number, b1: number, cols: Float32Array): void {
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
  return imagesPerChunk(c, (c.outHeight + c.filterHeight - 1) * c.outWidth * c.filterWidth * c.inChannels);
}

export function conv2dForwardRows(blas: Blas, x: Float32Array, w: Float32Array, c: ConvInfo): Float32Array {
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

export function conv2dBackpropFilterRows(blas: Blas, x: Float32Array, dy: Float32Array, c: ConvInfo): Float32Array {
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
