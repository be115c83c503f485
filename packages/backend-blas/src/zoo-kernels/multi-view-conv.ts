import type { KernelConfig, TensorInfo } from '@tensorflow/tfjs-core';
import { ZooMultiViewConv, ZooMultiViewConvGrad, type ZooMultiViewConvAttrs } from '@zoo/ops';
import { out, type KernelArgs } from '../kernel-utils';
import { withReference } from './reference';
import { nativeKernels } from '../native';
import { allocOutput } from '../buffer-pool';

/**
 * ZooMultiViewConv and its gradient on blas (MVFNet's multi-view depthwise convolution of x [N, T, H, W, C],
 * kernel-names.ts has the equations) through the C kernels (native/multi_view_conv.c): the forward one
 * vectorized sweep over the N·T·H rows (channels innermost, out-of-clip neighbours read as zeros), the
 * backward one sweep computing ∂x (the taps reversed) and every view's ∂w (per-thread float64 sums added in
 * thread order), rows split over the cores. From 4096 values on with the C library loaded, else the
 * @zoo/ops reference kernels; y and ∂x come from the output-array pool.
 */
const NATIVE_MIN = 4096;

/** The array inputs ('0', '1', …) in order, their values when all are Float32Arrays. */
function float32Inputs(args: KernelArgs): { shapes: number[][]; values: Float32Array[] } | null {
  const infos = Object.keys(args.inputs)
    .sort((a, b) => Number(a) - Number(b))
    .map((k) => args.inputs[k] as TensorInfo);
  const values = infos.map((t) => args.backend.data.get(t.dataId).values);
  if (!values.every((v): v is Float32Array => v instanceof Float32Array)) return null;
  return { shapes: infos.map((t) => t.shape), values };
}

/** The weights of views T, H, W in the order of the kernel's inputs (null for an absent view). */
function byView(views: string, ws: Float32Array[]): [Float32Array, Float32Array | null, Float32Array | null] {
  let k = 1;
  return [ws[0], views.includes('H') ? ws[k++] : null, views.includes('W') ? ws[k++] : null];
}

export function multiViewConvKernels(): KernelConfig[] {
  const forward = withReference(ZooMultiViewConv, (args: KernelArgs) => {
    const native = nativeKernels();
    const inputs = native ? float32Inputs(args) : null;
    if (!native || !inputs || inputs.values[0].length < NATIVE_MIN) return null;
    const { views } = args.attrs as unknown as ZooMultiViewConvAttrs;
    const [x, ...ws] = inputs.values;
    const [N, T, H, W, C] = inputs.shapes[0];
    const [wT, wH, wW] = byView(views, ws);
    const y = allocOutput(x.length); // every value written
    native.mvfForward(x, N, T, H, W, C, wT, wH, wW, y);
    return out(args.backend, inputs.shapes[0], y);
  });

  const backward = withReference(ZooMultiViewConvGrad, (args: KernelArgs) => {
    const native = nativeKernels();
    const inputs = native ? float32Inputs(args) : null;
    if (!native || !inputs || inputs.values[0].length < NATIVE_MIN) return null;
    const { views } = args.attrs as unknown as ZooMultiViewConvAttrs;
    const [dy, x, ...ws] = inputs.values;
    const shape = inputs.shapes[1];
    const [N, T, H, W, C] = shape;
    const [wT, wH, wW] = byView(views, ws);
    const dx = allocOutput(x.length); // every value written
    const dw = ws.map(() => new Float32Array(3 * C));
    const [dwT, dwH, dwW] = byView(views, dw);
    native.mvfBackward(dy, x, N, T, H, W, C, wT, wH, wW, dx, dwT, dwH, dwW);
    return [out(args.backend, shape, dx), ...dw.map((g) => out(args.backend, [3, C], g))];
  });
  return [forward, backward];
}
