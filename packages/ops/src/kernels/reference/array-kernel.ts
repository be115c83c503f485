import type { DataType } from '@tensorflow/tfjs-core';

/**
 * A reference kernel on plain arrays, independent of any backend's storage: the cpu and wasm adapters
 * (kernels/cpu, kernels/wasm) read each input's values, call it and write its outputs; a backend that
 * lacks a native version of a Zoo kernel (blas without its C library) can call it the same way.
 */
export type KernelValues = Float32Array | Int32Array | Uint8Array;
export interface ArrayTensor {
  values: KernelValues;
  shape: number[];
  dtype: DataType;
}
/**
 * Gives the array of a float32 output of n values (its contents undefined: every kernel writes each
 * value); a backend with an output pool passes its allocator (blas's allocOutput).
 */
export type Alloc = (n: number) => Float32Array;
export const newFloat32: Alloc = (n) => new Float32Array(n);
export type ArrayKernel = (inputs: Record<string, ArrayTensor>, attrs: Record<string, unknown>, alloc?: Alloc) => ArrayTensor[];

/** The list of inputs of a kernel whose inputs are an array (ZooConcatColumns), in order. */
export const inputList = (inputs: Record<string, ArrayTensor>): ArrayTensor[] =>
  Object.keys(inputs)
    .sort((a, b) => Number(a) - Number(b))
    .map((k) => inputs[k]);

export const f32 = (values: Float32Array, shape: number[]): ArrayTensor => ({ values, shape, dtype: 'float32' });
