/**
 * `@zoo/backend-blas`: registers the tfjs backend `blas` — tfjs's cpu backend (same tensor storage,
 * all its kernels) with the hot kernels replaced by OpenBLAS calls and tight typed-array loops.
 *
 *   import '@tensorflow/tfjs';            // or tfjs-core + tfjs-backend-cpu
 *   import '@zoo/backend-blas';
 *   await tf.setBackend('blas');
 *
 * Importing throws (one line, with the install hint) when no BLAS library can be loaded.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { KernelConfig } from '@tensorflow/tfjs-core';
import { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import { BACKEND_NAME } from './kernel-utils';
import { convKernels } from './conv2d';
import { conv3dKernels } from './conv3d';
import { elementwiseKernels } from './elementwise';
import { matmulKernels } from './matmul';
import { depthwiseKernels } from './depthwise';
import { poolKernels } from './pool';
import { reduceKernels } from './reduce';
import { keepFreedMemory } from './malloc';
import { loadBlas, type Blas } from './openblas';
import { kernelReport, profiled } from './profile';

export { loadBlas, BLAS_CANDIDATES, BLAS_INSTALL_HINT, type Blas } from './openblas';
export { BACKEND_NAME } from './kernel-utils';
export { kernelReport, kernelTimes } from './profile';

/** Kernels this package replaces (everything else is tfjs's cpu kernel). */
export const REPLACED_KERNELS: string[] = [];

export function registerBlasBackend(blas: Blas = loadBlas()): Blas {
  if (tf.findBackendFactory(BACKEND_NAME)) return blas;
  tf.registerBackend(
    BACKEND_NAME,
    () => {
      keepFreedMemory();
      return new MathBackendCPU();
    },
    3,
  );
  const cpu = new Map(tf.getKernelsForBackend('cpu').map((k) => [k.kernelName, k]));
  const ours = [...matmulKernels(blas, cpu), ...convKernels(blas, cpu), ...elementwiseKernels(cpu), ...reduceKernels(cpu), ...poolKernels(cpu), ...depthwiseKernels(cpu), ...conv3dKernels(blas, cpu)];
  const replaced = new Set(ours.map((k) => k.kernelName));
  const profile = process.env.ZOO_BLAS_PROFILE === '1';
  const register = (k: KernelConfig) => tf.registerKernel(profile ? profiled(k) : k);
  for (const k of cpu.values()) if (!replaced.has(k.kernelName)) register({ ...k, backendName: BACKEND_NAME });
  for (const k of ours) register(k);
  if (profile) process.on('exit', () => process.stderr.write(`${kernelReport()}\n`));
  REPLACED_KERNELS.splice(0, REPLACED_KERNELS.length, ...replaced);
  return blas;
}

export const blas = registerBlasBackend();
export { csrMatMul, csrMulDense, csrTranspose, type Csr } from './csr-matmul';
export { simdAvailable } from './simd/spmm';
export { nativeKernels, nativeStatus, setNativeKernels, NATIVE_BUILD_HINT } from './native';
