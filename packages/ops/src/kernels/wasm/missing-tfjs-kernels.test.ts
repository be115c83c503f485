import * as tf from '@tensorflow/tfjs-core';
import '../../testing/test-backends';
import { registerMissingWasmKernels } from './missing-tfjs-kernels';

/** The kernels the wasm backend lacks, registered on importing @zoo/ops, against tfjs's cpu kernels. */
async function onBoth(fn: () => tf.Tensor[]): Promise<[number[][], number[][]]> {
  const res: number[][][] = [];
  for (const b of ['cpu', 'wasm']) {
    await tf.setBackend(b);
    await tf.ready();
    res.push(tf.tidy(fn).map((t) => Array.from(t.dataSync())));
  }
  await tf.setBackend('cpu');
  return [res[0], res[1]];
}

function expectClose(a: number[][], b: number[][]): void {
  a.forEach((x, i) => {
    const scale = Math.max(1e-6, ...x.map(Math.abs));
    x.forEach((v, j) => expect(Math.abs(v - b[i][j]) / scale).toBeLessThan(1e-4));
  });
}

const det = (n: number, seed: number) => Array.from({ length: n }, (_, i) => Math.sin(i * 12.9898 + seed * 78.233));

describe('the kernels @zoo/ops adds to tfjs\'s wasm backend', () => {
  it('are registered, and registering again adds nothing', () => {
    for (const k of ['Conv2DBackpropFilter', 'DepthwiseConv2dNativeBackpropInput', 'DepthwiseConv2dNativeBackpropFilter', 'UnsortedSegmentSum']) expect(tf.getKernel(k, 'wasm')).toBeDefined();
    expect(registerMissingWasmKernels()).toEqual([]);
  });

  it('conv2d gradients (strided, same and valid padding) match cpu', async () => {
    for (const [stride, pad] of [[1, 'same'], [2, 'valid'], [2, 'same']] as const) {
      const [cpu, wasm] = await onBoth(() => {
        const x = tf.tensor4d(det(2 * 7 * 6 * 3, 1), [2, 7, 6, 3]);
        const f = tf.tensor4d(det(3 * 3 * 3 * 4, 2), [3, 3, 3, 4]);
        return tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, stride, pad).square().sum())([x, f]);
      });
      expectClose(cpu, wasm);
    }
  });

  it('depthwise conv2d input and filter gradients match cpu', async () => {
    const [cpu, wasm] = await onBoth(() => {
      const x = tf.tensor4d(det(1 * 6 * 6 * 2, 3), [1, 6, 6, 2]);
      const f = tf.tensor4d(det(3 * 3 * 2 * 2, 4), [3, 3, 2, 2]);
      return tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.depthwiseConv2d(a as tf.Tensor4D, b as tf.Tensor4D, 1, 'same').square().sum())([x, f]);
    });
    expectClose(cpu, wasm);
  });

  it('unsortedSegmentSum (and so the gradient of gather) matches cpu', async () => {
    const [cpu, wasm] = await onBoth(() => {
      const x = tf.tensor2d(det(5 * 3, 5), [5, 3]);
      const idx = tf.tensor1d([4, 0, 4, 2], 'int32');
      return [
        tf.unsortedSegmentSum(x, tf.tensor1d([1, 0, 1, 3, 1], 'int32'), 4),
        tf.grad((a: tf.Tensor) => tf.gather(a, idx).square().sum())(x),
      ];
    });
    expectClose(cpu, wasm);
  });
});
