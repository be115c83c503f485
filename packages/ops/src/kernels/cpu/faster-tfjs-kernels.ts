import { getKernel, registerKernel, unregisterKernel, type KernelConfig, type KernelFunc, type TensorInfo } from '@tensorflow/tfjs-core';
import { conv2dBackpropFilterLoop, conv2dInfo } from '../conv-loops';
import { readCpu, type CpuLikeBackend } from './cpu-kernel';

/**
 * tfjs's cpu Conv2DBackpropFilter (4.22) reads every element through `TensorBuffer.get(b, r, c, d)`: about
 * 7 MFLOP/s here, 30× slower than its own forward conv, so a small CNN's training step on the cpu test
 * backend spent 95% of its time in it. This replaces it, for NHWC, with conv-loops' loop, which gives the same
 * float32 values (same summation order, float64 accumulator) from contiguous channel rows; NCHW keeps tfjs's.
 */
type Args = { inputs: Record<string, TensorInfo>; backend: CpuLikeBackend; attrs: Record<string, unknown> };

const FASTER = Symbol.for('@zoo/ops faster cpu kernel');
const replaced = new Map<string, KernelFunc>();

/** tfjs's own cpu kernel that `registerFasterCpuKernels` replaced (tests compare against it). */
export function replacedCpuKernel(name: string): KernelFunc | undefined {
  return replaced.get(name);
}

function fasterConv2dBackpropFilter(original: KernelFunc): KernelFunc {
  const fn = ((args: Args) => {
    const { inputs, backend, attrs } = args;
    const { x, dy } = inputs;
    const c = conv2dInfo(x.shape, attrs.filterShape as number[], attrs, false);
    if (c.dataFormat !== 'channelsLast' || x.dtype !== 'float32' || dy.dtype !== 'float32') return original(args as never);
    const dw = conv2dBackpropFilterLoop(c, readCpu(backend, x).values, readCpu(backend, dy).values);
    return backend.makeTensorInfo(c.filterShape, 'float32', dw);
  }) as unknown as KernelFunc;
  (fn as unknown as Record<symbol, boolean>)[FASTER] = true;
  return fn;
}

/** Puts the faster kernels in place of tfjs cpu's (idempotent); returns the names replaced by this call. */
export function registerFasterCpuKernels(): string[] {
  const k = getKernel('Conv2DBackpropFilter', 'cpu');
  if (!k || (k.kernelFunc as unknown as Record<symbol, boolean>)[FASTER]) return [];
  const config: KernelConfig = { kernelName: 'Conv2DBackpropFilter', backendName: 'cpu', kernelFunc: fasterConv2dBackpropFilter(k.kernelFunc) };
  replaced.set('Conv2DBackpropFilter', k.kernelFunc);
  unregisterKernel('Conv2DBackpropFilter', 'cpu');
  registerKernel(config);
  return ['Conv2DBackpropFilter'];
}
