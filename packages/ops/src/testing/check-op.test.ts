import * as tf from '@tensorflow/tfjs-core';
import { ZooTanh } from '../kernel-names';
import { tanh } from '../ops/tanh';
import { backendsWithKernel, checkOp, type OpCase } from './check-op';
import { useTestBackend } from './test-backends';

const base: OpCase = {
  name: 'tanh',
  inputs: () => [tf.tensor1d([-2, -0.5, 0.1, 3])],
  op: (x) => tanh(x),
  composition: (x) => tf.tanh(x),
};

describe('checkOp (the helper can fail)', () => {
  beforeAll(useTestBackend);

  it('passes a correct op: kernel ran, errors ~0, nothing leaked', async () => {
    const r = await checkOp(ZooTanh, base);
    expect(r).toEqual({ kernelRan: true, valueError: expect.any(Number), gradErrors: [expect.any(Number)], leaked: 0 });
    expect(r.valueError).toBeLessThan(1e-6);
    expect(r.gradErrors[0]).toBeLessThan(1e-6);
  });

  it('reports a wrong value, a wrong gradient, a missing kernel and a leak', async () => {
    const wrongValue = await checkOp(ZooTanh, { ...base, composition: (x) => tf.add(tf.tanh(x), 0.01) });
    expect(wrongValue.valueError).toBeGreaterThan(1e-3);
    const badGrad = tf.customGrad(((x: tf.Tensor) => ({ value: tf.tanh(x), gradFunc: (dy: tf.Tensor) => tf.mul(dy, 2) })) as unknown as Parameters<typeof tf.customGrad>[0]);
    const wrongGrad = await checkOp(ZooTanh, { ...base, composition: (x) => badGrad(x) as tf.Tensor });
    expect(wrongGrad.valueError).toBeLessThan(1e-6);
    expect(wrongGrad.gradErrors[0]).toBeGreaterThan(0.1);
    const noKernel = await checkOp(ZooTanh, { ...base, op: (x) => tf.tanh(x) });
    expect(noKernel.kernelRan).toBe(false);
    let kept: tf.Tensor | undefined;
    const leaky = await checkOp(ZooTanh, { ...base, op: (x) => ((kept = tf.keep(tf.mul(x, 1))), tanh(x)) });
    expect(leaky.leaked).toBeGreaterThan(0);
    kept?.dispose();
  });

  it('lists the backends that register a kernel', () => {
    expect(backendsWithKernel(ZooTanh, ['cpu', 'wasm', 'nope'])).toEqual(['cpu', 'wasm']);
    expect(backendsWithKernel('NoSuchKernel')).toEqual([]);
  });
});
