import { backend_util, type KernelConfig, type TensorInfo } from '@tensorflow/tfjs-core';
import type { Blas } from '../openblas';
import { allFloat32, f32, out, withFallback, type KernelArgs } from '../kernel-utils';
import { biasAndActivation } from '../matmul';
import { conv2dBackpropFilter, conv2dBackpropInput, conv2dForward } from './dispatch';

/**
 * The blas kernel configs for Conv2D, FusedConv2D (+ bias, activation) and both gradients: float32
 * NHWC goes to dispatch.ts, anything else to tfjs's cpu kernel.
 */

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
