import { batchNormLayer, Rng, tf, VariableStore } from '@zoo/core';
import { addBatchNormVariables, applyBatchNorm, BatchNorm } from './batch-norm';
import { Conv2d } from './conv2d';
import { windowOut } from './layer';
import { Linear } from './linear';
import { GlobalAvgPool, MaxPool, Relu } from './simple-layers';

const close = (a: tf.Tensor, b: tf.Tensor, tol = 1e-5) => {
  const d = tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]);
  expect(d).toBeLessThan(tol);
};

describe('layers on the VariableStore', () => {
  it('conv2d: shapes, counts, and the value of tf.conv2d with the same kernel (padding 1, stride 2, bias)', () => {
    const c = new Conv2d('c', { cin: 3, cout: 4, k: 3, stride: 2, pad: 1, bias: true });
    expect(c.outputShape([7, 6, 3])).toEqual([4, 3, 4]);
    expect(c.paramCount()).toBe(3 * 3 * 3 * 4 + 4);
    expect(c.macCount([7, 6, 3])).toBe(4 * 3 * 27 * 4);
    expect(() => c.outputShape([7, 6, 2])).toThrow(/c: expected 3 channels/);
    const store = new VariableStore();
    const before = tf.memory().numTensors;
    c.create(store, new Rng(1));
    const w = store.getWeights();
    expect(w.c_w.shape).toEqual([3, 3, 3, 4]);
    const r = new Rng(2);
    const x = tf.tensor4d(Float32Array.from({ length: 2 * 7 * 6 * 3 }, () => r.normal()), [2, 7, 6, 3]);
    const y = c.apply(x);
    const ref = tf.conv2d(x, w.c_w as tf.Tensor4D, 2, [[0, 0], [1, 1], [1, 1], [0, 0]]);
    expect(y.shape).toEqual([2, 4, 3, 4]);
    close(y, ref);
    tf.dispose([x, y, ref]);
    store.dispose();
    expect(tf.memory().numTensors).toBe(before);
    expect(() => new Conv2d('d', { cin: 1, cout: 1, k: 1 }).apply(tf.zeros([1, 1, 1, 1]))).toThrow(/d: create\(store, rng\) was not called/);
  });

  it('batch norm: 2C parameters, variables in the plugins’ order, the same values as batchNormLayer; running stats update', () => {
    const bn = new BatchNorm('bn', 3, 0.1);
    expect(bn.paramCount()).toBe(6);
    const store = new VariableStore();
    bn.create(store);
    expect(Object.keys(store.getWeights())).toEqual(['bn_gamma', 'bn_beta', 'bn_mean', 'bn_var']);
    expect(store.trainable()).toHaveLength(2);
    expect(store.regularized()).toHaveLength(2);
    const r = new Rng(3);
    const x = tf.tensor4d(Float32Array.from({ length: 4 * 2 * 2 * 3 }, () => 2 + r.normal()), [4, 2, 2, 3]);
    const ref = new VariableStore();
    addBatchNormVariables(ref, 'p', 3);
    const y = bn.apply(x, true);
    const v = ref.getWeights();
    const want = batchNormLayer(x, { gamma: v.p_gamma as tf.Tensor1D, beta: v.p_beta as tf.Tensor1D, mean: v.p_mean as tf.Variable, variance: v.p_var as tf.Variable }, true, 0.1);
    close(y, want);
    close(store.getWeights().bn_mean, v.p_mean);
    expect(store.getWeights().bn_mean.dataSync()[0]).toBeGreaterThan(0.1);
    const e = applyBatchNorm(store, 'bn', x, false, 0.1);
    expect(e.shape).toEqual([4, 2, 2, 3]);
    tf.dispose([x, y, want, e]);
    store.dispose();
    ref.dispose();
  });

  it('linear: torch-default init (weight then bias), y = xW + b, counts; gradient flows', () => {
    const l = new Linear('fc', 4, 3);
    expect(l.paramCount()).toBe(15);
    expect(l.macCount()).toBe(12);
    expect(() => l.outputShape([5])).toThrow(/fc: expected \[4\] features/);
    const store = new VariableStore();
    l.create(store, new Rng(7));
    const r = new Rng(7);
    expect(Array.from(store.getWeights().fc_w.dataSync())).toEqual(Array.from(r.uniformArray(12, -0.5, 0.5)));
    expect(Array.from(store.getWeights().fc_b.dataSync())).toEqual(Array.from(r.uniformArray(3, -0.5, 0.5)));
    const x = tf.tensor2d([1, 2, 3, 4], [1, 4]);
    const before = tf.memory().numTensors;
    const out = l.apply(x);
    expect(tf.memory().numTensors).toBe(before + 1);
    out.dispose();
    const { grads } = tf.variableGrads(() => tf.sum(l.apply(x)) as tf.Scalar, store.trainable());
    expect(Array.from(grads[store.trainable()[0].name].dataSync())).toEqual([1, 1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 4]);
    tf.dispose([x, ...Object.values(grads)]);
    store.dispose();
  });

  it('weightless layers: relu, max pool (PyTorch padding), global average pool', () => {
    expect(windowOut(112, 3, 2, 1)).toBe(56);
    expect(() => windowOut(2, 5, 1, 0)).toThrow(/does not fit/);
    const pool = new MaxPool('p', 3, 2, 1);
    expect(pool.outputShape([112, 112, 64])).toEqual([56, 56, 64]);
    const x = tf.tensor4d([-1, -2, -3, -4], [1, 2, 2, 1]);
    expect(Array.from(pool.apply(x).dataSync())).toEqual([-1]);
    expect(Array.from(new Relu('r').apply(x).dataSync())).toEqual([0, 0, 0, 0]);
    const g = new GlobalAvgPool('g');
    expect(g.outputShape([7, 7, 512])).toEqual([512]);
    expect(Array.from(g.apply(x).dataSync())).toEqual([-2.5]);
    expect(pool.paramCount() + pool.macCount() + g.paramCount()).toBe(0);
    x.dispose();
  });
});
