import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import { REFERENCE_KERNELS, cpuKernel, type ZooKernelName } from '@zoo/ops';
import { BACKEND_NAME, runPoolKernel, type KernelArgs } from '../kernel-utils';
import { allocOutput } from '../buffer-pool';

/**
 * The @zoo/ops reference kernel of a Zoo* kernel, registered for blas with its float32 outputs from the
 * output-array pool (the reference kernels write every value of the arrays they are given; ZooScatterAddRows
 * zeroes its own). Run through runPoolKernel: the outputs go back to the pool when disposed, except one
 * sharing an input's pool array.
 */
export function blasReferenceKernel(name: ZooKernelName): KernelConfig {
  const entry = REFERENCE_KERNELS.find(([n]) => n === name);
  if (!entry) throw new Error(`@zoo/ops has no reference kernel '${name}'`);
  const reference = cpuKernel(name, entry[1], BACKEND_NAME, allocOutput);
  return { ...reference, kernelFunc: ((args: KernelArgs) => runPoolKernel(reference, args)) as unknown as KernelFunc };
}

/**
 * A Zoo kernel whose `fast` path (the C kernels) handles what it can and returns null otherwise (no C
 * library, a tensor too small to be worth the call, an input stored in another array type): then the
 * pool-allocating reference kernel runs.
 */
export function withReference(name: ZooKernelName, fast: (args: KernelArgs) => TensorInfo | TensorInfo[] | null): KernelConfig {
  const reference = blasReferenceKernel(name);
  const fallback = reference.kernelFunc as unknown as (args: KernelArgs) => TensorInfo | TensorInfo[];
  const kernelFunc = ((args: KernelArgs) => fast(args) ?? fallback(args)) as unknown as KernelFunc;
  return { kernelName: name, backendName: BACKEND_NAME, kernelFunc };
}
