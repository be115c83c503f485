import { backend_util } from '@tensorflow/tfjs-core';

/**
 * Plain typed-array convolution and segment loops: the kernels ops adds to tfjs's wasm backend
 * (wasm/missing-tfjs-kernels.ts), the faster one it gives tfjs's cpu backend (cpu/faster-tfjs-kernels.ts)
 * and, exported from `@zoo/ops`, @zoo/backend-blas's own. NHWC throughout.
 */
type Info = backend_util.Conv2DInfo;

/** The Conv2DInfo of a conv kernel's attrs (strides, pad, dimRoundingMode, dataFormat, dilations: 1 when absent). */
export const conv2dInfo = (xShape: number[], fShape: number[], attrs: Record<string, unknown>, depthwise: boolean): Info =>
  backend_util.computeConv2DInfo(
    xShape as [number, number, number, number],
    fShape as [number, number, number, number],
    attrs.strides as [number, number],
    (attrs.dilations as number) ?? 1,
    attrs.pad as 'same',
    attrs.dimRoundingMode as 'round' | undefined,
    depthwise,
    backend_util.convertConv2DDataFormat((attrs.dataFormat as 'NHWC') ?? 'NHWC'),
  );

/** Calls fn(xOffset, yOffset, tapOffset) for every (b, oy, ox, fy, fx) tap inside the input; tapOffset = fy·FW + fx. */
export function forEachConvTap(c: Info, fn: (xo: number, yo: number, tap: number) => void): void {
  const { batchSize: N, inHeight: H, inWidth: W, inChannels: CI, outHeight: OH, outWidth: OW, outChannels: CO, filterHeight: FH, filterWidth: FW } = c;
  for (let b = 0; b < N; b++)
    for (let oy = 0; oy < OH; oy++)
      for (let ox = 0; ox < OW; ox++) {
        const yo = ((b * OH + oy) * OW + ox) * CO;
        for (let fy = 0; fy < FH; fy++) {
          const iy = oy * c.strideHeight - c.padInfo.top + fy * c.dilationHeight;
          if (iy < 0 || iy >= H) continue;
          for (let fx = 0; fx < FW; fx++) {
            const ix = ox * c.strideWidth - c.padInfo.left + fx * c.dilationWidth;
            if (ix < 0 || ix >= W) continue;
            fn(((b * H + iy) * W + ix) * CI, yo, fy * FW + fx);
          }
        }
      }
}

/** ∂x of a depthwise convolution (channel multiplier M = C_out / C_in). */
export function depthwiseBackpropInputLoop(c: Info, dy: ArrayLike<number>, filter: ArrayLike<number>): Float32Array {
  const M = c.outChannels / c.inChannels;
  const dx = new Float32Array(c.batchSize * c.inHeight * c.inWidth * c.inChannels);
  forEachConvTap(c, (xo, yo, tap) => {
    const fo = tap * c.outChannels;
    for (let ci = 0; ci < c.inChannels; ci++) {
      let s = 0;
      for (let q = 0; q < M; q++) s += dy[yo + ci * M + q] * filter[fo + ci * M + q];
      dx[xo + ci] += s;
    }
  });
  return dx;
}

/** ∂filter of a depthwise convolution [FH, FW, C_in, M] (channel multiplier M = C_out / C_in). */
export function depthwiseBackpropFilterLoop(c: Info, x: ArrayLike<number>, dy: ArrayLike<number>): Float32Array {
  const M = c.outChannels / c.inChannels;
  const df = new Float32Array(c.filterHeight * c.filterWidth * c.outChannels);
  forEachConvTap(c, (xo, yo, tap) => {
    const fo = tap * c.outChannels;
    for (let ci = 0; ci < c.inChannels; ci++) {
      const xval = x[xo + ci];
      for (let q = 0; q < M; q++) df[fo + ci * M + q] += xval * dy[yo + ci * M + q];
    }
  });
  return df;
}

/**
 * ∂W of a 2-D convolution as a direct loop (the BLAS backend uses im2col + sgemm instead). Every ∂W element
 * sums its (b, oy, ox) terms in ascending order in float64, as tfjs's cpu kernel does, so the values are that
 * kernel's to the bit (finite inputs), from rank-1 updates over contiguous channel rows instead of its
 * per-element index arithmetic.
 */
export function conv2dBackpropFilterLoop(c: Info, x: ArrayLike<number>, dy: ArrayLike<number>): Float32Array {
  const { inChannels: CI, outChannels: CO } = c;
  const acc = new Float64Array(c.filterHeight * c.filterWidth * CI * CO);
  forEachConvTap(c, (xo, yo, tap) => {
    const wo = tap * CI * CO;
    for (let ci = 0; ci < CI; ci++) {
      const xval = x[xo + ci];
      if (xval === 0) continue;
      const row = wo + ci * CO;
      for (let co = 0; co < CO; co++) acc[row + co] += xval * dy[yo + co];
    }
  });
  return Float32Array.from(acc);
}

/** Σ of the rows of x (E rows of `inner` values) into `segments` rows by id, in O(E·inner); ids out of range are dropped. */
export function segmentSum<T extends Float32Array | Int32Array>(x: ArrayLike<number>, ids: ArrayLike<number>, segments: number, out: T): T {
  const inner = ids.length === 0 ? 0 : x.length / ids.length;
  for (let i = 0; i < ids.length; i++) {
    const s = ids[i];
    if (s < 0 || s >= segments) continue;
    const o = s * inner;
    const p = i * inner;
    for (let j = 0; j < inner; j++) out[o + j] += x[p + j];
  }
  return out;
}
