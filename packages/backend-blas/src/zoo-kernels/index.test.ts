import * as tf from '@tensorflow/tfjs';
import { ZOO_KERNEL_NAMES } from '@zoo/ops';
import { registerBlasForTests } from '../blas-for-tests';
import { zooKernels } from './index';

/** blas registers its own version of every Zoo* kernel of @zoo/ops (not the cpu copy every other kernel gets). */
const available = registerBlasForTests('blas Zoo kernel registry tests');

(available ? describe : describe.skip)('Zoo kernels on blas', () => {
  it('zooKernels() covers every Zoo* kernel name once, for backend blas', () => {
    const kernels = zooKernels();
    expect(kernels.map((k) => k.kernelName).sort()).toEqual([...ZOO_KERNEL_NAMES].sort());
    expect(new Set(kernels.map((k) => k.backendName))).toEqual(new Set(['blas']));
  });

  it.each([...ZOO_KERNEL_NAMES])('%s is registered for blas by registerBlasBackend as its own kernel, not the cpu copy', (name) => {
    const { REPLACED_KERNELS } = require('../index') as typeof import('../index');
    expect(tf.getKernel(name, 'blas')).toBeDefined();
    expect(REPLACED_KERNELS).toContain(name);
  });
});
