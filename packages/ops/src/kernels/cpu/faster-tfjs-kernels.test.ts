import * as tf from '@tensorflow/tfjs-core';
import '../../testing/test-backends';
import { registerFasterCpuKernels, replacedCpuKernel } from './faster-tfjs-kernels';

/** tfjs's own cpu kernel (the one replaced), run directly on the same inputs. */
function tfjsConv2dBackpropFilter(x: tf.Tensor4D, dy: tf.Tensor4D, filterShape: number[], strides: number, pad: 'same' | 'valid' | number, dataFormat: 'NHWC' | 'NCHW' = 'NHWC'): Float32Array {
  const backend = tf.backend();
  const out = replacedCpuKernel('Conv2DBackpropFilter')!({ inputs: { x, dy }, backend, attrs: { strides, pad, dataFormat, filterShape } } as never) as tf.TensorInfo;
  const values = (backend as unknown as { data: { get(id: object): { values: Float32Array } } }).data.get(out.dataId).values.slice();
  backend.disposeData(out.dataId);
  return values;
}

const det = (n: number, seed: number) => Array.from({ length: n }, (_, i) => Math.sin(i * 12.9898 + seed * 78.233) * 3);

describe("@zoo/ops's cpu Conv2DBackpropFilter (in place of tfjs's)", () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('is the registered cpu kernel, and registering again replaces nothing', () => {
    expect(replacedCpuKernel('Conv2DBackpropFilter')).toBeDefined();
    expect(tf.getKernel('Conv2DBackpropFilter', 'cpu')!.kernelFunc).not.toBe(replacedCpuKernel('Conv2DBackpropFilter'));
    expect(registerFasterCpuKernels()).toEqual([]);
  });

  it.each([
    [1, 'same', 3],
    [2, 'valid', 3],
    [2, 'same', 3],
    [1, 'valid', 1],
    [2, 1, 3],
    [3, 'same', 5],
  ] as const)('gives tfjs cpu\'s values to the bit (stride %p, pad %p, %p×%p filter)', (stride, pad, k) => {
    const x = tf.tensor4d(det(2 * 9 * 7 * 3, 1).map((v) => (v > 2 ? 0 : v)), [2, 9, 7, 3]); // zeros as after a ReLU
    const filterShape = [k, k, 3, 5];
    const dyShape = tf.conv2d(x, tf.zeros(filterShape) as tf.Tensor4D, stride, pad).shape;
    const dy = tf.tensor4d(det(dyShape.reduce((a, b) => a * b), 2), dyShape);
    const ours = tf.engine().runKernel('Conv2DBackpropFilter', { x, dy }, { strides: stride, pad, dataFormat: 'NHWC', filterShape }) as tf.Tensor;
    expect(ours.shape).toEqual(filterShape);
    expect(Array.from(ours.dataSync())).toEqual(Array.from(tfjsConv2dBackpropFilter(x, dy as tf.Tensor4D, filterShape, stride, pad)));
    tf.dispose([x, dy, ours]);
  });

  it('leaves NCHW to tfjs, and tf.grads through conv2d leaks nothing', () => {
    const x = tf.tensor4d(det(1 * 6 * 6 * 2, 3), [1, 6, 6, 2]);
    const f = tf.tensor4d(det(3 * 3 * 2 * 4, 4), [3, 3, 2, 4]);
    const before = tf.memory().numTensors;
    const [gx, gf] = tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, 1, 'same').square().sum())([x, f]);
    tf.dispose([gx, gf]);
    expect(tf.memory().numTensors).toBe(before);
    const xc = tf.tensor4d(det(1 * 2 * 6 * 6, 5), [1, 2, 6, 6]);
    const dyc = tf.tensor4d(det(1 * 4 * 6 * 6, 6), [1, 4, 6, 6]);
    const ours = tf.engine().runKernel('Conv2DBackpropFilter', { x: xc, dy: dyc }, { strides: 1, pad: 'same', dataFormat: 'NCHW', filterShape: [3, 3, 2, 4] }) as tf.Tensor;
    expect(Array.from(ours.dataSync())).toEqual(Array.from(tfjsConv2dBackpropFilter(xc, dyc, [3, 3, 2, 4], 1, 'same', 'NCHW')));
    tf.dispose([x, f, xc, dyc, ours]);
  });
});
