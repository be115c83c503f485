import { getKernel, registerKernel, type KernelFunc, type TensorInfo } from '@tensorflow/tfjs-core';
import { conv2dBackpropFilterLoop, conv2dInfo, depthwiseBackpropFilterLoop, depthwiseBackpropInputLoop, segmentSum } from '../conv-loops';

/**
 * Kernels tfjs's wasm backend lacks (4.22), registered for 'wasm' so every plugin also trains there:
 * Conv2DBackpropFilter, DepthwiseConv2dNativeBackpropInput, DepthwiseConv2dNativeBackpropFilter and UnsortedSegmentSum, as plain loops over
 * data read from the wasm heap (the typed-array loops of conv-loops.ts; correct, not fast:
 * wasm is the fallback when BLAS is absent).
 * Einsum is still missing.
 */
interface WasmBackend {
  readSync(dataId: object): Float32Array | Int32Array;
  makeOutput(shape: number[], dtype: string, memoryOffset?: number, values?: ArrayLike<number>): TensorInfo;
}
type Args = { inputs: Record<string, TensorInfo>; backend: WasmBackend; attrs: Record<string, unknown> };

function conv2dBackpropFilter({ inputs, backend, attrs }: Args): TensorInfo {
  const { x, dy } = inputs;
  const c = conv2dInfo(x.shape, attrs.filterShape as number[], attrs, false);
  if (c.dataFormat !== 'channelsLast') throw new Error('Conv2DBackpropFilter on wasm: only NHWC is supported');
  const dw = conv2dBackpropFilterLoop(c, backend.readSync(x.dataId), backend.readSync(dy.dataId));
  return backend.makeOutput(attrs.filterShape as number[], 'float32', undefined, dw);
}

function depthwiseBackpropInput({ inputs, backend, attrs }: Args): TensorInfo {
  const { dy, filter } = inputs;
  const c = conv2dInfo(attrs.inputShape as number[], filter.shape, attrs, true);
  const dx = depthwiseBackpropInputLoop(c, backend.readSync(dy.dataId), backend.readSync(filter.dataId));
  return backend.makeOutput(attrs.inputShape as number[], 'float32', undefined, dx);
}

function depthwiseBackpropFilter({ inputs, backend, attrs }: Args): TensorInfo {
  const { x, dy } = inputs;
  const c = conv2dInfo(x.shape, attrs.filterShape as number[], attrs, true);
  const df = depthwiseBackpropFilterLoop(c, backend.readSync(x.dataId), backend.readSync(dy.dataId));
  return backend.makeOutput(attrs.filterShape as number[], 'float32', undefined, df);
}

function unsortedSegmentSum({ inputs, backend, attrs }: Args): TensorInfo {
  const { x, segmentIds } = inputs;
  const n = attrs.numSegments as number;
  const xv = backend.readSync(x.dataId);
  const ids = backend.readSync(segmentIds.dataId);
  const inner = xv.length / Math.max(ids.length, 1);
  const res = segmentSum(xv, ids, n, x.dtype === 'int32' ? new Int32Array(n * inner) : new Float32Array(n * inner));
  return backend.makeOutput([n, ...x.shape.slice(segmentIds.shape.length)], x.dtype, undefined, res);
}

const MISSING: [string, (a: Args) => TensorInfo][] = [
  ['Conv2DBackpropFilter', conv2dBackpropFilter],
  ['DepthwiseConv2dNativeBackpropInput', depthwiseBackpropInput],
  ['DepthwiseConv2dNativeBackpropFilter', depthwiseBackpropFilter],
  ['UnsortedSegmentSum', unsortedSegmentSum],
];

/** Registers the missing kernels for 'wasm' (idempotent; kernels tfjs adds later are left alone). */
export function registerMissingWasmKernels(): string[] {
  const added: string[] = [];
  for (const [name, fn] of MISSING) {
    if (getKernel(name, 'wasm')) continue;
    registerKernel({ kernelName: name, backendName: 'wasm', kernelFunc: fn as unknown as KernelFunc });
    added.push(name);
  }
  return added;
}
