import { backend_util, type KernelConfig } from '@tensorflow/tfjs-core';
import { f32, out, withFallback, type KernelArgs } from './kernel-utils';

/**
 * Depthwise 2-D convolution (NHWC) and both gradients as direct loops with the channel vector inner:
 *   y[b, oy, ox, c·M + q] = Σ_{fy,fx} x[b, oy·s − pad + fy·d, ox·s − pad + fx·d, c] · f[fy, fx, c, q]
 * (M = channel multiplier). No GEMM: each output channel sees one input channel.
 */
type Info = backend_util.Conv2DInfo;

function dwInfo(xShape: number[], fShape: number[], attrs: KernelArgs['attrs']): Info {
  return backend_util.computeConv2DInfo(
    xShape as [number, number, number, number],
    fShape as [number, number, number, number],
    attrs!.strides as [number, number],
    (attrs!.dilations as [number, number]) ?? 1,
    attrs!.pad as 'same',
    attrs!.dimRoundingMode as 'round' | undefined,
    true,
  );
}

/** Calls fn(xOffset, yOffset, fOffset) for every (b, oy, ox, fy, fx) tap inside the input. */
function forEachTap(c: Info, fn: (xo: number, yo: number, fo: number) => void): void {
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
            fn(((b * H + iy) * W + ix) * CI, yo, (fy * FW + fx) * CO);
          }
        }
      }
}

export function depthwiseKernels(cpu: Map<string, KernelConfig>): KernelConfig[] {
  const nhwc = (attrs: KernelArgs['attrs']) => (attrs?.dataFormat ?? 'NHWC') === 'NHWC';
  return [
    withFallback('DepthwiseConv2dNative', cpu, ({ inputs, backend, attrs }) => {
      const { x, filter } = inputs;
      if (!nhwc(attrs) || x.dtype !== 'float32' || filter.dtype !== 'float32') return null;
      const c = dwInfo(x.shape, filter.shape, attrs);
      const xv = f32(backend, x);
      const fv = f32(backend, filter);
      const M = c.outChannels / c.inChannels;
      const y = new Float32Array(c.batchSize * c.outHeight * c.outWidth * c.outChannels);
      forEachTap(c, (xo, yo, fo) => {
        for (let ci = 0; ci < c.inChannels; ci++) {
          const xval = xv[xo + ci];
          for (let q = 0; q < M; q++) y[yo + ci * M + q] += xval * fv[fo + ci * M + q];
        }
      });
      return out(backend, c.outShape, y);
    }),
    withFallback('DepthwiseConv2dNativeBackpropInput', cpu, ({ inputs, backend, attrs }) => {
      const { dy, filter } = inputs;
      if (!nhwc(attrs) || dy.dtype !== 'float32' || filter.dtype !== 'float32') return null;
      const c = dwInfo(attrs!.inputShape as number[], filter.shape, attrs);
      const dv = f32(backend, dy);
      const fv = f32(backend, filter);
      const M = c.outChannels / c.inChannels;
      const dx = new Float32Array(c.batchSize * c.inHeight * c.inWidth * c.inChannels);
      forEachTap(c, (xo, yo, fo) => {
        for (let ci = 0; ci < c.inChannels; ci++) {
          let s = 0;
          for (let q = 0; q < M; q++) s += dv[yo + ci * M + q] * fv[fo + ci * M + q];
          dx[xo + ci] += s;
        }
      });
      return out(backend, c.inShape, dx);
    }),
    withFallback('DepthwiseConv2dNativeBackpropFilter', cpu, ({ inputs, backend, attrs }) => {
      const { x, dy } = inputs;
      if (!nhwc(attrs) || x.dtype !== 'float32' || dy.dtype !== 'float32') return null;
      const c = dwInfo(x.shape, attrs!.filterShape as number[], attrs);
      const xv = f32(backend, x);
      const dv = f32(backend, dy);
      const M = c.outChannels / c.inChannels;
      const df = new Float32Array(c.filterHeight * c.filterWidth * c.outChannels);
      forEachTap(c, (xo, yo, fo) => {
        for (let ci = 0; ci < c.inChannels; ci++) {
          const xval = xv[xo + ci];
          for (let q = 0; q < M; q++) df[fo + ci * M + q] += xval * dv[yo + ci * M + q];
        }
      });
      return out(backend, attrs!.filterShape as number[], df);
    }),
  ];
}
