import { registerBlasForTests } from './blas-for-tests';
import { setBufferPool } from './buffer-pool';
import { nativeKernels, setNativeKernels } from './native';

/** backendDetails(): what zoo doctor prints for blas, following the switches it reports. */
const available = registerBlasForTests('backendDetails tests');

(available ? describe : describe.skip)('backendDetails', () => {
  const { backendDetails, blas } = require('./index') as typeof import('./index');

  it('names the OpenBLAS library and its threads, the C kernels and the pool', () => {
    const d = backendDetails();
    expect(Object.keys(d).sort()).toEqual(['cKernelLibrary', 'cKernels', 'ompThreads', 'openblas', 'openblasThreads', 'pool', 'poolCapMB']);
    expect(d.openblas).toBe(blas.library);
    expect(d.openblasThreads).toBe(blas.threads);
    expect(typeof d.poolCapMB).toBe('number');
    const native = nativeKernels();
    expect(d.cKernels).toBe(native !== undefined);
    if (native) {
      expect(d.cKernelLibrary).toBe(native.library);
      expect(d.ompThreads).toBe(native.threads);
    }
  });

  it('follows setThreads, setNativeKernels and setBufferPool', () => {
    const threads = blas.threads;
    const nativeWas = setNativeKernels(false);
    const poolWas = setBufferPool(false);
    try {
      blas.setThreads(1);
      const d = backendDetails();
      expect(d.openblasThreads).toBe(blas.library.includes('openblas') ? 1 : threads);
      expect(d.cKernels).toBe(false);
      expect(d.ompThreads).toBe(0);
      expect(String(d.cKernelLibrary)).toContain('off');
      expect(d.pool).toBe(false);
    } finally {
      blas.setThreads(threads);
      setNativeKernels(nativeWas);
      setBufferPool(poolWas);
    }
    expect(backendDetails().pool).toBe(poolWas);
  });
});
