import { engine, getBackend, getKernel, type NamedAttrMap, type NamedTensorMap, type Tensor, type TensorInfo } from '@tensorflow/tfjs-core';

/** True when the active backend registers `kernelName` (an op then runs it, else its tfjs composition). */
export function backendHasKernel(kernelName: string): boolean {
  return getKernel(kernelName, getBackend()) !== undefined;
}

/** engine().runKernel with the loose typing tfjs gives it narrowed to what the Zoo kernels return. */
export function runKernel(kernelName: string, inputs: Record<string, Tensor | TensorInfo> | Tensor[], attrs: object = {}): Tensor[] {
  const out = engine().runKernel(kernelName, inputs as unknown as NamedTensorMap, attrs as unknown as NamedAttrMap);
  return Array.isArray(out) ? out : [out];
}
