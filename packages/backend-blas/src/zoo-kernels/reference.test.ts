import * as tf from '@tensorflow/tfjs';
import { ZooRelu, ZooTanh, ZooTanhGrad } from '@zoo/ops';
import { registerBlasForTests } from '../blas-for-tests';
import { poolCounters } from '../buffer-pool';
import { blasReferenceKernel, withReference } from './reference';
import { usePool } from './zoo-kernels-for-tests';

/** The @zoo/ops reference kernels as blas kernels: pool outputs, and the fallback of a C path that declines. */
const available = registerBlasForTests('blas reference-kernel tests');

(available ? describe : describe.skip)('@zoo/ops reference kernels on blas', () => {
  usePool();
  beforeAll(() => tf.setBackend('blas'));
  afterAll(() => tf.setBackend('cpu'));

  const run = (k: tf.KernelConfig, x: tf.Tensor) => k.kernelFunc({ inputs: { x }, backend: tf.backend(), attrs: {} }) as tf.TensorInfo;

  it('a reference kernel for blas gives tanh with its output from the pool', () => {
    const x = tf.tensor1d(Array.from({ length: 32 * 1024 }, (_, i) => Math.sin(i) * 3));
    const k = blasReferenceKernel(ZooTanh);
    expect(k.backendName).toBe('blas');
    const before = poolCounters.allocated + poolCounters.reused;
    const info = run(k, x);
    expect(poolCounters.allocated + poolCounters.reused).toBe(before + 1);
    const y = tf.engine().makeTensorFromTensorInfo(info);
    expect(tf.tidy(() => tf.max(tf.abs(tf.sub(y, tf.tanh(x)))).dataSync()[0])).toBeLessThan(1e-6);
    tf.dispose([x, y]);
  });

  it('withReference runs the fast path, and the reference kernel when the fast path returns null', () => {
    const x = tf.tensor1d([0.5, -2]);
    let declined = 0;
    const k = withReference(ZooTanh, () => {
      declined++;
      return null;
    });
    const y = tf.engine().makeTensorFromTensorInfo(run(k, x));
    expect(declined).toBe(1);
    expect(Array.from(y.dataSync())).toEqual(Array.from(tf.tidy(() => tf.tanh(x).dataSync())));
    const fixed = withReference(ZooTanh, ({ backend }) => backend.makeTensorInfo([1], 'float32', Float32Array.of(7)));
    const z = tf.engine().makeTensorFromTensorInfo(run(fixed, x));
    expect(Array.from(z.dataSync())).toEqual([7]);
    tf.dispose([x, y, z]);
  });

  it('names the kernel when @zoo/ops has no reference for it (ZooRelu is each backend’s Relu)', () => {
    expect(() => blasReferenceKernel(ZooRelu)).toThrow("@zoo/ops has no reference kernel 'ZooRelu'");
    expect(blasReferenceKernel(ZooTanhGrad).kernelName).toBe(ZooTanhGrad);
  });
});
