import { disposeOptimizer, Rng, tf } from '@zoo/core';
import { expectNoLeaks } from '@zoo/core/testing';
import { ImageDataset } from '@zoo/vision';
import { lifOverTime, lifStep } from './lif';
import { JointResNet, jointResNetConfigSchema } from './joint-resnet';
import { jointLoss, kdLoss, maskedFeatureLoss } from './joint-loss';

function images(n: number, shape: [number, number, number], seed: number): ImageDataset {
  const r = new Rng(seed);
  const per = shape[0] * shape[1] * shape[2];
  const split = () => ({ images: Float32Array.from({ length: n * per }, () => r.next()), labels: Int32Array.from({ length: n }, (_, i) => i % 3) });
  return new ImageDataset('rand', shape, { train: split(), val: split(), test: split() }, 3, 'synthetic');
}

describe('LIF over T steps (fused) = T unrolled lifStep calls', () => {
  it('same spikes and the same BPTT gradient, reset and decay included', () => {
    const T = 4;
    const B = 30;
    const r = new Rng(5);
    const x = tf.tensor2d(Float32Array.from({ length: T * B * 3 }, () => 1.6 * r.next() - 0.3), [T * B, 3]);
    const w = tf.tensor2d(Float32Array.from({ length: T * B * 3 }, () => r.normal()), [T * B, 3]);
    const unrolled = (xIn: tf.Tensor) => {
      let mem: tf.Tensor | null = null;
      const out: tf.Tensor[] = [];
      for (const xt of tf.split(xIn, T, 0)) {
        const o = lifStep(xt, mem);
        out.push(o.spike);
        mem = o.mem;
      }
      return tf.concat(out, 0);
    };
    const fused = (xIn: tf.Tensor) => lifOverTime(xIn, T);
    expect(Array.from(fused(x).dataSync())).toEqual(Array.from(unrolled(x).dataSync()));
    const gf = tf.grad((xIn: tf.Tensor) => tf.sum(tf.mul(fused(xIn), w)) as tf.Scalar)(x).dataSync();
    const gu = tf.grad((xIn: tf.Tensor) => tf.sum(tf.mul(unrolled(xIn), w)) as tf.Scalar)(x).dataSync();
    let nonzero = 0;
    for (let i = 0; i < gf.length; i++) {
      expect(gf[i]).toBeCloseTo(gu[i], 5);
      if (gf[i] !== 0) nonzero++;
    }
    expect(nonzero).toBeGreaterThan(gf.length / 4);
    tf.dispose([x, w]);
  });

  it('by hand, one neuron over 3 steps: x = 0.4, 0.4, 0.4', () => {
    // u0 = 0.4 (no spike), u1 = 0.1 + 0.4 = 0.5 (spike, reset), u2 = 0 + 0.4 = 0.4 (no spike)
    const x = tf.tensor2d([0.4, 0.4, 0.4], [3, 1]);
    expect(Array.from(lifOverTime(x, 3).dataSync())).toEqual([0, 1, 0]);
    // L = s1: ∂L/∂u1 = g(0) = 1; ∂L/∂u0 = τ·∂L/∂u1·((1 − s0) − u0·g0) = 0.25·(1 − 0.4) = 0.15; ∂L/∂u2 = 0
    const g = tf.grad((xIn: tf.Tensor) => tf.sum(tf.mul(lifOverTime(xIn, 3), tf.tensor2d([0, 1, 0], [3, 1]))) as tf.Scalar)(x).dataSync();
    expect(g[0]).toBeCloseTo(0.15, 6);
    expect(g[1]).toBeCloseTo(1, 6);
    expect(g[2]).toBeCloseTo(0, 6);
    x.dispose();
  });
});

describe('Joint A-SNN loss', () => {
  it('KD and the masked feature loss by hand; teachers get no gradient', () => {
    const s = tf.tensor2d([[1, 0]]);
    const t = tf.tensor2d([[0, 1]]);
    // τ = 1: p = softmax(t) = (1/(1+e), e/(1+e)); KD = −Σ p·log softmax(s) = p0·log(1+e⁻¹) + p1·log(1+e)
    const p0 = 1 / (1 + Math.E);
    const p1 = Math.E / (1 + Math.E);
    expect(kdLoss(s, t, 1).dataSync()[0]).toBeCloseTo(p0 * Math.log(1 + 1 / Math.E) + p1 * Math.log(1 + Math.E), 5);
    // τ = 2 scales the logits: s/2 = (0.5, 0), t/2 = (0, 0.5)
    const q0 = 1 / (1 + Math.exp(0.5));
    const q1 = 1 - q0;
    expect(kdLoss(s, t, 2).dataSync()[0]).toBeCloseTo(q0 * Math.log(1 + Math.exp(-0.5)) + q1 * Math.log(1 + Math.exp(0.5)), 5);
    // ∂KD/∂s = (softmax(s/τ) − softmax(t/τ))/τ; the teacher is not a parameter of the loss at all
    const sv = tf.variable(s.clone());
    const tv = tf.variable(t.clone());
    const { grads } = tf.variableGrads(() => kdLoss(sv as tf.Tensor2D, tv as tf.Tensor2D, 2), [sv, tv]);
    expect(grads[tv.name]).toBeUndefined();
    const gs = grads[sv.name].dataSync();
    expect(gs[0]).toBeCloseTo((1 - q0 - q0) / 2, 5); // softmax(s/2)_0 = q1, softmax(t/2)_0 = q0
    expect(gs[1]).toBeCloseTo((q0 - q1) / 2, 5);
    tf.dispose([sv, tv, ...Object.values(grads)]);
    // mask: (s > 0 or t > 0): [3 vs 1 → 4], [−1 vs 0 → masked out], [0 vs 2 → 4], [−2 vs −1 → out]
    const fs = tf.tensor2d([[3, -1, 0, -2]]);
    const ft = tf.tensor2d([[1, 0, 2, -1]]);
    expect(maskedFeatureLoss(fs, ft).dataSync()[0]).toBeCloseTo(8, 6);
    const g = tf.grads((a: tf.Tensor, b: tf.Tensor) => maskedFeatureLoss(a, b))([fs, ft]);
    expect(Array.from(g[0].dataSync(), (v) => v + 0)).toEqual([4, 0, -4, 0]); // 2(s − t)·mask (+0 folds −0)
    expect(Array.from(g[1].dataSync(), (v) => v + 0)).toEqual([0, 0, 0, 0]);
    tf.dispose([s, t, fs, ft, ...g]);
  });

  it('jointLoss = (1 − α)·ΣCE + α·τ²·(ANN self-KD + ANN→SNN KD) + β·Σ masked feature loss', () => {
    const r = new Rng(2);
    const m = (rows: number, cols: number) => tf.tensor2d(Float32Array.from({ length: rows * cols }, () => 2 * r.normal()), [rows, cols]);
    const H = 3;
    const ann = { logits: [m(4, 3), m(4, 3), m(4, 3)], features: [m(4, 5), m(4, 5), m(4, 5)] };
    const snn = { logits: [m(4, 3), m(4, 3), m(4, 3)], features: [m(4, 5), m(4, 5), m(4, 5)] };
    const y = tf.tensor1d([0, 1, 2, 1], 'int32');
    const ce = (l: tf.Tensor2D) => tf.losses.softmaxCrossEntropy(tf.oneHot(y, 3), l).dataSync()[0];
    const opts = { alpha: 0.1, beta: 1e-2, temperature: 3 };
    let expected = 0;
    for (let k = 0; k < H; k++) expected += 0.9 * (ce(ann.logits[k]) + ce(snn.logits[k]));
    let kd = 0;
    for (let k = 0; k < H - 1; k++) kd += kdLoss(ann.logits[k], ann.logits[H - 1], 3).dataSync()[0];
    for (let k = 0; k < H; k++) kd += kdLoss(snn.logits[k], ann.logits[k], 3).dataSync()[0];
    expected += 0.1 * 9 * kd;
    for (let k = 0; k < H; k++) expected += 1e-2 * maskedFeatureLoss(snn.features[k], ann.features[k]).dataSync()[0];
    expect(jointLoss({ ann, snn }, y, opts).dataSync()[0]).toBeCloseTo(expected, 4);
    // the SNN alone: plain CE on its heads
    expect(jointLoss({ snn }, y, opts).dataSync()[0]).toBeCloseTo(snn.logits.reduce((a, l) => a + ce(l), 0), 5);
    tf.dispose([...ann.logits, ...ann.features, ...snn.logits, ...snn.features, y]);
  });
});

describe('JointResNet', () => {
  const config = (over: Record<string, unknown> = {}) => jointResNetConfigSchema.parse({ widths: [4, 8, 8], blocks: [1, 2, 1], timeSteps: 3, ...over });

  it('three stages give three heads per network with the right shapes; both networks start with equal conv weights', async () => {
    const data = images(6, [12, 12, 2], 1);
    const net = new JointResNet(data, new Rng(3), config());
    const x = data.splits.train.images;
    const xt = tf.tensor4d(x, [6, 12, 12, 2]);
    await expectNoLeaks(() =>
      tf.tidy(() => {
        const { ann, snn } = net.jointForward(xt, true);
        expect(ann!.logits.map((l) => l.shape)).toEqual([
          [6, 3],
          [6, 3],
          [6, 3],
        ]);
        expect(snn.features.map((f) => f.shape)).toEqual([
          [6, 8],
          [6, 8],
          [6, 8],
        ]);
        // SNN features are spike counts summed over T = 3 steps, averaged over positions: in [0, 3]
        for (const f of snn.features) {
          const v = f.dataSync();
          expect(Math.min(...v)).toBeGreaterThanOrEqual(0);
          expect(Math.max(...v)).toBeLessThanOrEqual(3);
        }
      }),
    );
    const w = net.getWeights();
    expect(w.s1b1_c1_s_ann.dataSync()).toEqual(w.s1b1_c1_s_snn.dataSync());
    expect(Object.keys(w).filter((k) => k.endsWith('_u')).length).toBe(1 + 2 + 5 + 3 + 2 * 3); // stem, s1, s2 (2 blocks + down), s3 (+down), 2 branches × 3
    tf.dispose(xt);
    net.dispose();
  });

  it('evaluation in chunks equals one pass; the SNN alone has no ANN variables', async () => {
    const data = images(7, [8, 8, 1], 2);
    const net = new JointResNet(data, new Rng(4), config({ widths: [4, 6], blocks: [1, 1], evalBatch: 3 }));
    const big = new JointResNet(data, new Rng(4), config({ widths: [4, 6], blocks: [1, 1], evalBatch: 100 }));
    const xt = tf.tensor4d(data.splits.test.images, [7, 8, 8, 1]);
    await expectNoLeaks(() => {
      const a = net.logits(xt, 'snn', false);
      const b = big.logits(xt, 'snn', false);
      const av = a.dataSync();
      b.dataSync().forEach((v, i) => expect(av[i]).toBeCloseTo(v, 5));
      tf.dispose([a, b]);
    });
    const alone = new JointResNet(data, new Rng(4), config({ widths: [4, 6], blocks: [1, 1], ann: false, shared: false, branches: false }));
    expect(Object.keys(alone.getWeights()).some((k) => k.includes('ann'))).toBe(false);
    expect(() => alone.run(xt, 'ann', false)).toThrow(/no ANN/);
    tf.dispose(xt);
    [net, big, alone].forEach((n) => n.dispose());
  });

  it('learns: the joint loss falls on a fixed batch and the SNN fits it', () => {
    const data = images(6, [8, 8, 1], 7);
    // a separable task: class = which third of the image is bright
    const x = new Float32Array(6 * 64);
    const y = new Int32Array(6);
    for (let i = 0; i < 6; i++) {
      y[i] = i % 3;
      for (let p = 0; p < 64; p++) x[i * 64 + p] = Math.floor((p % 8) / 3) === y[i] ? 1 : 0.1 * ((p * 7 + i) % 3);
    }
    const net = new JointResNet(data, new Rng(9), config({ widths: [4, 4], blocks: [1, 1], timeSteps: 2 }));
    const xt = tf.tensor4d(x, [6, 8, 8, 1]);
    const yt = tf.tensor1d(y, 'int32');
    const opt = tf.train.momentum(0.05, 0.9);
    const losses: number[] = [];
    for (let s = 0; s < 30; s++) {
      const c = opt.minimize(() => jointLoss(net.jointForward(xt, true), yt, { alpha: 0.1, beta: 1e-6, temperature: 3 }), true, net.trainableVariables())!;
      losses.push(c.dataSync()[0]);
      c.dispose();
    }
    // the KD terms keep the teachers' entropy (≈ log 3 each at τ = 3), so the loss floors near 3, not 0
    expect(losses[losses.length - 1]).toBeLessThan(0.5 * losses[0]);
    const pred = tf.tidy(() => net.logits(xt, 'snn', true).argMax(1).dataSync());
    expect(Array.from(pred).filter((p, i) => p === y[i]).length).toBe(6);
    tf.dispose([xt, yt]);
    disposeOptimizer(opt);
    net.dispose();
  });
});
