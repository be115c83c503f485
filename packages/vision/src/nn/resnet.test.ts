import { Rng, tf, VariableStore } from '@zoo/core';
import { countModel } from './count';
import { ResNet } from './resnet';
import { basicBlock, bottleneckBlock } from './resnet-blocks';
import { resnetStagePlan } from './stage-plan';

describe('ResNet blocks and network', () => {
  it('a basic block with projection = relu(bn2(conv2(relu(bn1(conv1 x)))) + bn(down x)) in plain tfjs', () => {
    const [b] = resnetStagePlan(4, [8], [1]);
    const block = basicBlock('b', { ...b, stride: 2, shortcut: true });
    const store = new VariableStore();
    block.create(store, new Rng(1));
    expect(Object.keys(store.getWeights())).toEqual([
      ...['b_conv1_w', 'b_bn1_gamma', 'b_bn1_beta', 'b_bn1_mean', 'b_bn1_var', 'b_conv2_w', 'b_bn2_gamma', 'b_bn2_beta', 'b_bn2_mean', 'b_bn2_var'],
      ...['b_down_w', 'b_down_bn_gamma', 'b_down_bn_beta', 'b_down_bn_mean', 'b_down_bn_var'],
    ]);
    const r = new Rng(2);
    const x = tf.tensor4d(Float32Array.from({ length: 2 * 6 * 6 * 4 }, () => r.normal()), [2, 6, 6, 4]);
    const before = tf.memory().numTensors;
    const y = block.apply(x, false);
    expect(tf.memory().numTensors).toBe(before + 1);
    const v = store.getWeights();
    const bn = (h: tf.Tensor, p: string) => tf.batchNorm(h, v[`${p}_mean`] as tf.Tensor1D, v[`${p}_var`] as tf.Tensor1D, v[`${p}_beta`] as tf.Tensor1D, v[`${p}_gamma`] as tf.Tensor1D, 1e-5);
    const p1: [[number, number], [number, number], [number, number], [number, number]] = [[0, 0], [1, 1], [1, 1], [0, 0]];
    const want = tf.tidy(() => {
      const h = tf.relu(bn(tf.conv2d(x, v.b_conv1_w as tf.Tensor4D, 2, p1), 'b_bn1')) as tf.Tensor4D;
      const main = bn(tf.conv2d(h, v.b_conv2_w as tf.Tensor4D, 1, p1), 'b_bn2');
      return tf.relu(tf.add(main, bn(tf.conv2d(x, v.b_down_w as tf.Tensor4D, 2, 'valid'), 'b_down_bn')));
    });
    expect(y.shape).toEqual([2, 3, 3, 8]);
    expect(tf.tidy(() => tf.max(tf.abs(tf.sub(y, want))).dataSync()[0])).toBeLessThan(1e-5);
    tf.dispose([x, y, want]);
    store.dispose();
  });

  it('a bottleneck counts as torchvision’s layer1.0 (64 → 256 at 56²): 75,008 parameters', () => {
    const [b] = resnetStagePlan(64, [64], [1], 4);
    const c = countModel(bottleneckBlock('l', b), [56, 56, 64]);
    // conv 64·64 + 9·64·64 + 64·256, down 64·256, BN 2·(64 + 64 + 256 + 256)
    expect(c.params).toBe(4096 + 36864 + 16384 + 16384 + 1280);
    expect(c.output).toEqual([56, 56, 256]);
    expect(c.macs).toBe(56 * 56 * (4096 + 36864 + 16384 + 16384));
  });

  it('a small ResNet-18 trains: finite loss, gradients for every trainable variable, BN running stats move; no leaks', () => {
    const net = new ResNet({ depth: 18, widths: [4, 8, 8, 8], classes: 3 });
    const store = new VariableStore();
    net.create(store, new Rng(3));
    expect(store.trainable().reduce((a, v) => a + v.size, 0)).toBe(countModel(net, [16, 16, 3]).params);
    const r = new Rng(4);
    const x = tf.tensor4d(Float32Array.from({ length: 2 * 16 * 16 * 3 }, () => r.normal()), [2, 16, 16, 3]);
    const y = tf.oneHot(tf.tensor1d([0, 2], 'int32'), 3);
    const before = tf.memory().numTensors;
    const { value, grads } = tf.variableGrads(() => tf.losses.softmaxCrossEntropy(y, net.apply(x, true)) as tf.Scalar, store.trainable());
    expect(Number.isFinite(value.dataSync()[0])).toBe(true);
    expect(Object.keys(grads)).toHaveLength(store.trainable().length);
    expect(store.getWeights().stem_bn_mean.dataSync().some((m) => m !== 0)).toBe(true);
    tf.dispose([value, ...Object.values(grads)]);
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([x, y]);
    store.dispose();
  });
});
