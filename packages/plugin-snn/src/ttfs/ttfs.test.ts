import { Rng, tf } from '@zoo/core';
import { ImageDataset } from '@zoo/vision';
import { alpha1Dense, b1Dense, minPoolTimes, readout } from './ttfs-layer';
import { TtfsFcNet, ttfsFcConfigSchema } from './ttfs-fc';

const rand = (n: number, seed: number, s = 1) => {
  const r = new Rng(seed);
  return Float32Array.from({ length: n }, () => (r.next() * 2 - 1) * s);
};

describe('TTFS layers (Stanojevic et al. 2024)', () => {
  it('B1 by hand: t_i = t_min + ϑ − Σ W (t_min − t_j), ϑ = (t_max − t_min) − D, capped at t_max', () => {
    // inputs x = [0.5, 1] coded t = 1 − x = [0.5, 0] in the window [0, 1]; layer window [1, 3]
    const t = b1Dense(tf.tensor2d([[0.5, 0]]), tf.tensor2d([[1, -1], [0.5, -2]]), tf.tensor1d([0.25, 0]), { tMin: 0, tMax: 1 }, { tMin: 1, tMax: 3 });
    // neuron 0: Wx + D = 0.5 + 0.5 + 0.25 = 1.25 → t = 3 − 1.25 = 1.75; neuron 1: −0.5 − 2 < 0 → no spike (t_max = 3)
    expect(Array.from(t.dataSync())).toEqual([1.75, 3]);
    // the output readout at t_min = 3 of the next layer recovers W·ReLU + D
    const v = readout(t, tf.tensor2d([[2], [5]]), tf.tensor1d([0.1]), { tMin: 1, tMax: 3 });
    expect(v.dataSync()[0]).toBeCloseTo(2 * 1.25 + 0.1, 6);
    // max pooling of values = min pooling of spike times
    const p = minPoolTimes(tf.tensor4d([1.5, 2.5, 2.0, 1.25], [1, 2, 2, 1]), 2);
    expect(p.dataSync()[0]).toBe(1.25);
  });

  it('α1: t_max − t = ReLU((xJ + D)/α), α = A + ΣJ; no spike where α ≤ 0', () => {
    const x = [[1, 0.5]];
    const J = [[1, 2], [2, -3]]; // column sums 3 and −1
    const t = alpha1Dense(tf.sub(1, tf.tensor2d(x)) as tf.Tensor2D, tf.tensor2d(J), tf.tensor1d([0.5, 0]), tf.tensor1d([1, 0.5]), { tMin: 0, tMax: 1 }, { tMin: 1, tMax: 11 });
    // neuron 0: α = 1 + 3 = 4, value (1 + 1 + 0.5)/4 = 0.625; neuron 1: α = 0.5 − 1 < 0 → never fires
    const v = t.dataSync();
    expect(11 - v[0]).toBeCloseTo(0.625, 5);
    expect(v[1]).toBe(11);
  });

  it('exact mapping on random nets: B1 and α1 outputs equal their ReLU twins (float32 rounding only)', () => {
    for (const parameterization of ['b1', 'alpha1'] as const) {
      const net = new TtfsFcNet(20, 5, new Rng(3), ttfsFcConfigSchema.parse({ hidden: [16, 16, 16], parameterization, initialWindow: 40 }));
      // move away from initialization so α ≠ 1 and biases are non-zero
      const w = net.getWeights();
      for (const [k, v] of Object.entries(w)) if (/^[wd]\d/.test(k)) (v as tf.Variable).assign(tf.add(v, tf.tensor(rand(v.size, k.length + v.size, 0.2), v.shape)));
      const images = Float32Array.from(rand(40 * 20, 9), (v) => Math.abs(v));
      const split = { images, labels: new Int32Array(40) };
      const ds = new ImageDataset('r', [4, 5, 1], { train: split, val: split, test: split }, 5, 'synthetic');
      const s = net.spikeStats(ds, 'test');
      expect(s.maxOutputDiff).toBeLessThan(1e-4); // windows of 40 time units: float32 rounding of t ≈ 40–160
      expect(s.spikesPerNeuron).toBeGreaterThan(0);
      expect(s.spikesPerNeuron).toBeLessThan(1);
      ds.dispose();
      net.dispose();
    }
  });

  it('silent neurons count as no spike even when t_max is not a float32 number (1 + 0.1)', () => {
    const net = new TtfsFcNet(4, 2, new Rng(3), ttfsFcConfigSchema.parse({ hidden: [5], initialWindow: 0.1 }));
    const w = net.getWeights();
    (w.w0 as tf.Variable).assign(tf.zeros([4, 5]));
    (w.d0 as tf.Variable).assign(tf.fill([5], -1));
    const split = { images: new Float32Array(3 * 4).fill(0.5), labels: new Int32Array(3) };
    const ds = new ImageDataset('z', [2, 2, 1], { train: split, val: split, test: split }, 2, 'synthetic');
    expect(net.spikeStats(ds, 'test').spikesPerNeuron).toBe(0);
    ds.dispose();
    net.dispose();
  });

  it('a B1 SNN and its ReLU twin follow the same training trajectory (same seed, same steps)', () => {
    const make = (parameterization: 'b1' | 'relu') => new TtfsFcNet(12, 3, new Rng(7), ttfsFcConfigSchema.parse({ hidden: [10, 10], parameterization }));
    const snn = make('b1');
    const relu = make('relu');
    const x = tf.tensor4d(Float32Array.from(rand(32 * 12, 5), Math.abs), [32, 3, 4, 1]);
    const y = tf.oneHot(tf.tensor1d(Array.from({ length: 32 }, (_, i) => i % 3), 'int32'), 3);
    for (const net of [snn, relu]) {
      const opt = tf.train.adam(0.01);
      for (let s = 0; s < 20; s++) opt.minimize(() => tf.losses.softmaxCrossEntropy(y, net.forward({ x, labels: y } as never, { training: true })) as tf.Scalar, false, net.trainableVariables());
      opt.dispose();
    }
    const a = snn.getWeights();
    const b = relu.getWeights();
    for (const k of Object.keys(b)) {
      if (k === 'windows') continue;
      const d = tf.tidy(() => tf.max(tf.abs(tf.sub(a[k], b[k]))).dataSync()[0]);
      expect(d).toBeLessThan(1e-4);
    }
    tf.dispose([x, y]);
    snn.dispose();
    relu.dispose();
  });

  it('windows widen after a training step so the earliest spike fits 10×, and nothing leaks', () => {
    const net = new TtfsFcNet(6, 2, new Rng(1), ttfsFcConfigSchema.parse({ hidden: [8], initialWindow: 1e-3 }));
    const x = tf.ones([4, 6, 1, 1]) as tf.Tensor4D;
    const before = tf.memory().numTensors;
    tf.tidy(() => {
      net.forward({ x, labels: tf.zeros([4]) } as never, { training: true }); // (the trainer runs it inside minimize's tidy)
    });
    const win = net.windows()[0];
    const { logits, times } = net.run(x, false, true);
    const earliest = tf.tidy(() => times[0].min().dataSync()[0]);
    expect(win.tMax - win.tMin).toBeGreaterThanOrEqual(9.99 * (win.tMax - earliest));
    tf.dispose([logits, ...times]);
    expect(tf.memory().numTensors).toBe(before);
    net.dispose();
  });
});
