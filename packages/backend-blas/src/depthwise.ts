import { backend_util, type KernelConfig } from '@tensorflow/tfjs-core';
import { f32, out, withFallback, type KernelArgs } from './kernel-utils';
import { depthwiseBackpropInputLoop, forEachConvTap } from '@zoo/ops';

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
      forEachConvTap(c, (xo, yo, tap) => {
        const fo = tap * c.outChannels;
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
      const dx = depthwiseBackpropInputLoop(c, f32(backend, dy), f32(backend, filter));
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
      forEachConvTap(c, (xo, yo, tap) => {
        const fo = tap * c.outChannels;
        for (let ci = 0; ci < c.inChannels; ci++) {
          const xval = xv[xo + ci];
          for (let q = 0; q < M; q++) df[fo + ci * M + q] += xval * dv[yo + ci * M + q];
        }
      });
      return out(backend, attrs!.filterShape as number[], df);
    }),
  ];
}
