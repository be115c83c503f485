import type { Blas } from './openblas';
import { nativeKernels, nativeStatus } from './native';
import { poolSettings } from './buffer-pool';

/**
 * What the `blas` backend runs on, for diagnostics (`zoo doctor` prints it through core's backend
 * resolver, which calls `backendDetails?.()` on the backend package it loads):
 *   cKernels         the package's C kernels (native/*.c) loaded
 *   cKernelLibrary   their file, or why they did not load
 *   ompThreads       OpenMP threads the C kernels split over (0 when not loaded)
 *   openblas         the CBLAS library file that loaded
 *   openblasThreads  threads OpenBLAS uses now (`blas.setThreads` changes it)
 *   pool             the output-array pool on (ZOO_BLAS_POOL=0 turns it off)
 *   poolCapMB        the most megabytes the pool keeps (ZOO_BLAS_POOL_MB)
 */
export type BackendDetails = Record<'cKernels' | 'cKernelLibrary' | 'ompThreads' | 'openblas' | 'openblasThreads' | 'pool' | 'poolCapMB', string | number | boolean>;

export function backendDetailsOf(blas: Blas): BackendDetails {
  const native = nativeKernels();
  const pool = poolSettings();
  return {
    cKernels: native !== undefined,
    cKernelLibrary: native ? native.library : nativeStatus(),
    ompThreads: native ? native.threads : 0,
    openblas: blas.library,
    openblasThreads: blas.threads,
    pool: pool.on,
    poolCapMB: pool.capMegabytes,
  };
}
