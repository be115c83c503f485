/**
 * `@zoo/backend-blas`: registers the tfjs backend `blas` — tfjs's cpu backend (same tensor storage,
 * all its kernels) with the hot kernels replaced by OpenBLAS calls and tight typed-array loops, and
 * its own versions of @zoo/ops's Zoo* kernels (src/zoo-kernels/: the C kernels, outputs from the pool).
 *
 *   import '@tensorflow/tfjs';            // or tfjs-core + tfjs-backend-cpu
 *   import '@zoo/backend-blas';
 *   await tf.setBackend('blas');
 *
 * Importing throws (one line, with the install hint) when no BLAS library can be loaded.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { KernelConfig, KernelFunc } from '@tensorflow/tfjs-core';
import { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import { BACKEND_NAME, runCpuKernel, type KernelArgs } from './kernel-utils';
import { convKernels } from './conv2d/kernels';
import { conv3dKernels } from './conv3d';
import { elementwiseKernels } from './elementwise';
import { matmulKernels } from './matmul';
import { depthwiseKernels } from './depthwise';
import { poolKernels } from './pool';
import { reduceKernels } from './reduce';
import { zooKernels } from './zoo-kernels';
import { keepFreedMemory } from './malloc';
import { loadBlas, type Blas } from './openblas';
import { kernelReport, profiled } from './profile';
import { markEscaped, release } from './buffer-pool';
import { backendDetailsOf, type BackendDetails } from './backend-details';

export { loadBlas, BLAS_CANDIDATES, BLAS_INSTALL_HINT, type Blas } from './openblas';
export { BACKEND_NAME } from './kernel-utils';
export { kernelReport, kernelTimes } from './profile';
export type { BackendDetails } from './backend-details';

/** Kernels this package replaces (everything else is tfjs's cpu kernel). */
export const REPLACED_KERNELS: string[] = [];

/**
 * tfjs's cpu backend plus the bookkeeping of the output-array pool (buffer-pool.ts): data read out
 * (`readSync`, and so `read`, `dataSync`, `array`) is marked as escaped, and the arrays of disposed
 * data go back to the pool.
 */
export class BlasBackend extends MathBackendCPU {
  override readSync(dataId: object): ReturnType<MathBackendCPU['readSync']> {
    markEscaped(this.data.get(dataId)?.values);
    return super.readSync(dataId);
  }

  override disposeData(dataId: object, force = false): boolean {
    const values = this.data.get(dataId)?.values;
    const gone = super.disposeData(dataId, force);
    if (gone && values) release(values);
    return gone;
  }
}

/** tfjs's own cpu kernel, registered for blas (through runCpuKernel: see buffer-pool.ts). */
function asBlasKernel(k: KernelConfig): KernelConfig {
  return { ...k, backendName: BACKEND_NAME, kernelFunc: ((args: KernelArgs) => runCpuKernel(k, args)) as unknown as KernelFunc };
}

export function registerBlasBackend(blas: Blas = loadBlas()): Blas {
  if (tf.findBackendFactory(BACKEND_NAME)) return blas;
  tf.registerBackend(
    BACKEND_NAME,
    () => {
      keepFreedMemory();
      return new BlasBackend();
    },
    3,
  );
  const cpu = new Map(tf.getKernelsForBackend('cpu').map((k) => [k.kernelName, k]));
  const ours = [...matmulKernels(blas, cpu), ...convKernels(blas, cpu), ...elementwiseKernels(cpu), ...reduceKernels(cpu), ...poolKernels(cpu), ...depthwiseKernels(cpu), ...conv3dKernels(blas, cpu), ...zooKernels()];
  const replaced = new Set(ours.map((k) => k.kernelName));
  const profile = process.env.ZOO_BLAS_PROFILE === '1';
  const register = (k: KernelConfig) => tf.registerKernel(profile ? profiled(k) : k);
  for (const k of cpu.values()) if (!replaced.has(k.kernelName)) register(asBlasKernel(k));
  for (const k of ours) register(k);
  if (profile) process.on('exit', () => process.stderr.write(`${kernelReport()}\n`));
  REPLACED_KERNELS.splice(0, REPLACED_KERNELS.length, ...replaced);
  return blas;
}

export const blas = registerBlasBackend();

/** The C kernels, OpenMP and OpenBLAS threads, the pool (backend-details.ts), for `zoo doctor` and users. */
export function backendDetails(): BackendDetails {
  return backendDetailsOf(blas);
}
/** OpenBLAS threads (the zoo's resolver calls this with 1 for `zoo eval --jobs N` workers). */
export function setThreads(n: number): void {
  blas.setThreads(n);
}
/** Switches and counters (tests, diagnostics): the C kernels on/off and why they did not load, the pool. */
export { nativeStatus, setNativeKernels, NATIVE_BUILD_HINT } from './native';
export { setBufferPool, poolCounters, pooledMegabytes } from './buffer-pool';
