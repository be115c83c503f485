import type { DataType, KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import type { ArrayKernel, ArrayTensor, KernelValues } from '../reference/array-kernel';

/**
 * A reference kernel as a KernelConfig for tfjs's `wasm` backend: inputs copied out of the wasm heap
 * by `readSync`, outputs written into it by `makeOutput` (the backend's public surface). Correct, not
 * fast: wasm is the fallback when BLAS is absent.
 */
export interface WasmLikeBackend {
  readSync(dataId: object): unknown;
  makeOutput(shape: number[], dtype: DataType, memoryOffset?: number, values?: KernelValues): TensorInfo;
}

export function readWasm(backend: WasmLikeBackend, t: TensorInfo): ArrayTensor {
  return { values: backend.readSync(t.dataId) as KernelValues, shape: t.shape, dtype: t.dtype };
}

export function wasmKernel(kernelName: string, impl: ArrayKernel): KernelConfig {
  const kernelFunc = (({ inputs, backend, attrs }: { inputs: Record<string, TensorInfo>; backend: WasmLikeBackend; attrs: Record<string, unknown> }) => {
    const arrays: Record<string, ArrayTensor> = {};
    for (const [name, t] of Object.entries(inputs)) if (t != null) arrays[name] = readWasm(backend, t);
    const out = impl(arrays, attrs).map((o) => backend.makeOutput(o.shape, o.dtype, undefined, o.values));
    return out.length === 1 ? out[0] : out;
  }) as unknown as KernelFunc;
  return { kernelName, backendName: 'wasm', kernelFunc };
}
