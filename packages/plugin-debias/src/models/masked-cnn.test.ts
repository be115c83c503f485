import { Rng, tf } from '@zoo/core';
import type { ImageDataset } from '@zoo/vision';
import { biasedImageDataset } from '../data/biased-dataset';
import { gumbelSigmoidMask, maskCounts } from './gumbel-mask';
import { MaskedCnn, maskedCnnConfigSchema } from './masked-cnn';

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

describe('hard Gumbel-sigmoid mask', () => {
  it('samples 0/1 with P(keep) = σ(σ(π)) (the code adds logistic noise to σ(π))', () => {
    const n = 20000;
    for (const p of [1.5, -2, 4]) {
      const pi = tf.fill([n], p);
      const m = gumbelSigmoidMask(pi, new Rng(3)).dataSync();
      expect(m.every((v) => v === 0 || v === 1)).toBe(true);
      const rate = m.reduce((a, b) => a + b, 0) / n;
      expect(Math.abs(rate - sigmoid(sigmoid(p)))).toBeLessThan(0.012);
      pi.dispose();
    }
  });

  it('passes the straight-through gradient r(1 − r)/τ · σ(π)(1 − σ(π)) of the soft sample', () => {
    const piv = [1.5, -0.5, 0.2, 3];
    const pi = tf.tensor1d(piv);
    const c = tf.tensor1d([1, -2, 0.5, 3]);
    const tau = 0.7;
    const g = tf.grad((p: tf.Tensor) => tf.sum(tf.mul(gumbelSigmoidMask(p, new Rng(9), tau), c)))(pi).dataSync();
    // replay the same noise
    const rng = new Rng(9);
    const eps = 1e-10;
    piv.forEach((p, i) => {
      const s = sigmoid(p);
      const u0 = rng.next();
      const u1 = rng.next();
      const r = sigmoid((s - Math.log(Math.log(u1 + eps) / Math.log(u0 + eps) + eps)) / tau);
      expect(g[i]).toBeCloseTo([1, -2, 0.5, 3][i] * ((r * (1 - r)) / tau) * s * (1 - s), 5);
    });
    tf.dispose([pi, c]);
  });
});

function tinyData(n = 8): ImageDataset {
  const rng = new Rng(5);
  const split = { images: rng.uniformArray(n * 8 * 8 * 3, 0, 1), labels: Int32Array.from({ length: n }, (_, i) => i % 3), bias: Int32Array.from({ length: n }, (_, i) => i % 3) };
  const empty = { images: new Float32Array(0), labels: new Int32Array(0), bias: new Int32Array(0) };
  return biasedImageDataset('tiny', [8, 8, 3], { train: split, val: empty, test: split }, 3, 'synthetic');
}

describe('MaskedCnn', () => {
  const config = maskedCnnConfigSchema.parse({ channels: [4, 6, 8] });

  it('maps [B, H, W, 3] to logits [B, C] and features [B, C_last]; π is not a trainable weight', () => {
    const net = new MaskedCnn(config, 3, 3, new Rng(1));
    const b = tinyData().batchAt('train', Int32Array.from([0, 1, 2, 3, 4]));
    const { logits, features } = net.run(b.x, false);
    expect(logits.shape).toEqual([5, 3]);
    expect(features.shape).toEqual([5, 8]);
    const trainable = new Set(net.trainableVariables());
    expect(net.maskLogits().length).toBe(4);
    expect(net.maskLogits().some((p) => trainable.has(p))).toBe(false);
    tf.dispose([logits, features]);
    b.dispose();
    net.dispose();
  });

  it('the fixed mask 1[π ≥ 0] equals the dense net with those weights zeroed; kept fraction counts them', () => {
    const net = new MaskedCnn(config, 3, 3, new Rng(2));
    const b = tinyData().batchAt('train', Int32Array.from([0, 1, 2, 3]));
    const dense = net.run(b.x, false).logits;
    net.setMaskMode('fixed');
    const allKept = net.run(b.x, false).logits;
    expect(Array.from(allKept.dataSync())).toEqual(Array.from(dense.dataSync()));
    expect(net.keptFraction()).toBe(1);
    // prune every other weight of conv2
    const w = net.getWeights();
    const pi2 = w.conv2_pi as tf.Variable;
    const piv = Float32Array.from({ length: pi2.size }, (_, i) => (i % 2 ? -1 : 1));
    pi2.assign(tf.tensor(piv, pi2.shape));
    net.setMaskMode('fixed');
    const masked = net.run(b.x, false).logits;
    const total = net.maskLogits().reduce((a, p) => a + p.size, 0);
    expect(net.keptFraction()).toBeCloseTo((total - pi2.size / 2) / total, 10);
    expect(maskCounts(net.maskLogits())).toEqual({ kept: total - pi2.size / 2, total });
    const ref = new MaskedCnn(config, 3, 3, new Rng(2));
    const rw = ref.getWeights();
    const w2 = rw.conv2_w.dataSync().slice();
    for (let i = 1; i < w2.length; i += 2) w2[i] = 0;
    (rw.conv2_w as tf.Variable).assign(tf.tensor(w2, rw.conv2_w.shape));
    const want = ref.run(b.x, false).logits;
    const got = masked.dataSync();
    want.dataSync().forEach((v, i) => expect(got[i]).toBeCloseTo(v, 5));
    tf.dispose([dense, allKept, masked, want]);
    b.dispose();
    net.dispose();
    ref.dispose();
  });

  it('in sample mode the gradient reaches π and not the weights when only π is optimized; no tensor leaks', () => {
    const net = new MaskedCnn(config, 3, 3, new Rng(3));
    const ds = tinyData();
    const b = ds.batchAt('train', Int32Array.from([0, 1, 2, 3, 4, 5]));
    const before = tf.memory().numTensors;
    net.setMaskMode('sample');
    const w0 = net.getWeights().conv1_w.dataSync().slice();
    const p0 = net.getWeights().conv1_pi.dataSync().slice();
    const opt = tf.train.adam(0.1);
    for (let i = 0; i < 2; i++) {
      opt.minimize(() => tf.tidy(() => tf.losses.softmaxCrossEntropy(tf.oneHot(b.labels, 3), net.run(b.x, true).logits) as tf.Scalar), false, net.maskLogits());
    }
    opt.dispose();
    expect(Array.from(net.getWeights().conv1_w.dataSync())).toEqual(Array.from(w0));
    expect(Array.from(net.getWeights().conv1_pi.dataSync())).not.toEqual(Array.from(p0));
    net.setMaskMode('off');
    // Adam's two slots per mask logit remain (4 logits × 2) until the optimizer's variables are freed
    expect(tf.memory().numTensors).toBeLessThanOrEqual(before + 8);
    b.dispose();
    net.dispose();
  });
});

describe('MaskedResNet (ResNet-18 layout)', () => {
  it('maps [B, H, W, 3] to logits and 512-d (here: last width) features; every conv and the classifier are masked', async () => {
    const { MaskedResNet, maskedResNetConfigSchema } = await import('./masked-resnet');
    const net = new MaskedResNet(maskedResNetConfigSchema.parse({ widths: [2, 3, 4, 5], blocks: [1, 1, 1, 1] }), 4, new Rng(1));
    // stem + 4 blocks × 2 convs + 3 shortcuts (stages 2-4 change width and stride; stage 1 keeps 2 → 2) + fc
    expect(net.maskLogits().length).toBe(1 + 8 + 3 + 1);
    const x = tf.randomUniform([2, 16, 16, 3]) as tf.Tensor4D;
    const { logits, features } = net.run(x, true);
    expect(logits.shape).toEqual([2, 4]);
    expect(features.shape).toEqual([2, 5]);
    net.setMaskMode('sample');
    const sampled = net.run(x, true);
    expect(sampled.logits.shape).toEqual([2, 4]);
    const other = net.sibling(new Rng(2));
    expect(other.maskLogits().length).toBe(13);
    other.dispose();
    tf.dispose([x, logits, features, sampled.logits, sampled.features]);
    net.dispose();
  });
});
