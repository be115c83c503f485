import type { KernelConfig, KernelFunc, NamedAttrMap, TensorInfo } from '@tensorflow/tfjs-core';
import type { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import { markOutputsSharingInputs, markSharedOutputs } from './buffer-pool';

export const BACKEND_NAME = 'blas';

export interface KernelArgs {
  /** Required inputs are present; optional ones (bias, prelu weights) may be undefined. */
  inputs: Record<string, TensorInfo>;
  backend: MathBackendCPU;
  attrs?: NamedAttrMap;
}

/**
 * The tensor's own Float32Array (tfjs cpu storage), no copy, for the kernels' float32 inputs. tfjs's
 * cpu kernels sometimes store a float32 tensor in another array type (a bool → float32 cast keeps a
 * Uint8Array): such values are converted, since sgemm and the C kernels read raw float memory.
 */
export function f32(backend: MathBackendCPU, t: TensorInfo): Float32Array {
  const values = backend.data.get(t.dataId).values;
  return values instanceof Float32Array ? values : Float32Array.from(values as ArrayLike<number>);
}

export function out(backend: MathBackendCPU, shape: number[], values: Float32Array): TensorInfo {
  return backend.makeTensorInfo(shape, 'float32', values);
}

/**
 * Runs one of tfjs's own cpu kernels on blas. An output that shares a pool array (a view such as a
 * contiguous slice, or an input's array under a new id) keeps that array out of the pool.
 */
export function runCpuKernel(cpu: KernelConfig, args: KernelArgs): TensorInfo | TensorInfo[] {
  const res = (cpu.kernelFunc as KernelFunc)(args as never) as TensorInfo | TensorInfo[];
  markSharedOutputs(args.inputs, res, (t) => args.backend.data.get(t.dataId)?.values);
  return res;
}

/**
 * Runs a kernel whose outputs come from the pool (`allocOutput`: a Zoo reference kernel, the batch-norm
 * passes): its outputs go back to the pool when disposed, except one that shares an input's array.
 */
export function runPoolKernel(kernel: KernelConfig, args: KernelArgs): TensorInfo | TensorInfo[] {
  const res = (kernel.kernelFunc as KernelFunc)(args as never) as TensorInfo | TensorInfo[];
  markOutputsSharingInputs(args.inputs, res, (t) => args.backend.data.get(t.dataId)?.values);
  return res;
}

/** A kernel that handles the float32 cases it knows and hands everything else to tfjs's cpu kernel. */
export function withFallback(
  name: string,
  cpuKernels: Map<string, KernelConfig>,
  fast: (args: KernelArgs) => TensorInfo | TensorInfo[] | null,
): KernelConfig {
  const cpu = cpuKernels.get(name);
  if (!cpu) throw new Error(`tfjs cpu has no kernel '${name}' to fall back to`);
  const kernelFunc = ((args: KernelArgs) => fast(args) ?? runCpuKernel(cpu, args)) as unknown as KernelFunc;
  return { kernelName: name, backendName: BACKEND_NAME, kernelFunc, setupFunc: cpu.setupFunc, disposeFunc: cpu.disposeFunc };
}

export function allFloat32(...ts: (TensorInfo | undefined)[]): boolean {
  return ts.every((t) => t === undefined || t.dtype === 'float32');
}
