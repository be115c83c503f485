import { getKernel, type DataType, type KernelConfig, type KernelFunc, type TensorInfo } from '@tensorflow/tfjs-core';
import type { Alloc, ArrayKernel, ArrayTensor, KernelValues } from '../reference/array-kernel';

/**
 * A reference kernel as a KernelConfig for tfjs's `cpu` backend (and any backend storing its data the
 * same way): inputs read from `backend.data.get(dataId).values`, outputs made by `makeTensorInfo`
 * (the backend's public surface; no engine internals).
 */
export interface CpuLikeBackend {
  data: { get(dataId: object): { values?: unknown } };
  makeTensorInfo(shape: number[], dtype: DataType, values?: KernelValues): TensorInfo;
}

export function readCpu(backend: CpuLikeBackend, t: TensorInfo): ArrayTensor {
  const values = backend.data.get(t.dataId).values;
  if (!ArrayBuffer.isView(values)) throw new Error(`cpu kernel: tensor of shape [${t.shape}] has no typed-array values`);
  return { values: values as KernelValues, shape: t.shape, dtype: t.dtype };
}

/** `alloc` gives float32 output arrays (blas: its pool); backendName: any backend storing data as cpu does. */
export function cpuKernel(kernelName: string, impl: ArrayKernel, backendName = 'cpu', alloc?: Alloc): KernelConfig {
  const kernelFunc = (({ inputs, backend, attrs }: { inputs: Record<string, TensorInfo>; backend: CpuLikeBackend; attrs: Record<string, unknown> }) => {
    const arrays: Record<string, ArrayTensor> = {};
    for (const [name, t] of Object.entries(inputs)) if (t != null) arrays[name] = readCpu(backend, t);
    const out = impl(arrays, attrs, alloc).map((o) => backend.makeTensorInfo(o.shape, o.dtype, o.values));
    return out.length === 1 ? out[0] : out;
  }) as unknown as KernelFunc;
  return { kernelName, backendName, kernelFunc };
}

/** `kernelName` as the backend's own `target` kernel (ZooRelu = Relu: same values, its own gradient). */
export function aliasKernel(kernelName: string, target: string, backendName: string): KernelConfig {
  const kernelFunc: KernelFunc = (args) => {
    const k = getKernel(target, backendName);
    if (!k) throw new Error(`${kernelName}: backend '${backendName}' has no ${target} kernel`);
    return k.kernelFunc(args);
  };
  return { kernelName, backendName, kernelFunc };
}

