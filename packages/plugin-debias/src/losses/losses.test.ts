import { Rng, tf } from '@zoo/core';
import { crossEntropyPerExample, generalizedCrossEntropy } from './gce';
import { debiasedSupCon } from './supcon';

describe('generalized cross-entropy', () => {
  it('matches hand values: q·p_y^q·CE per example', () => {
    const logits = tf.tensor2d([
      [2, 0, 0],
      [0, 1, 3],
    ]);
    const labels = tf.tensor1d([0, 1], 'int32');
    const p0 = Math.exp(2) / (Math.exp(2) + 2);
    const p1 = Math.exp(1) / (1 + Math.exp(1) + Math.exp(3));
    const want = [0.7 * p0 ** 0.7 * -Math.log(p0), 0.7 * p1 ** 0.7 * -Math.log(p1)];
    const got = generalizedCrossEntropy(logits, labels, 0.7).arraySync();
    expect(got[0]).toBeCloseTo(want[0], 5);
    expect(got[1]).toBeCloseTo(want[1], 5);
    expect(Array.from(crossEntropyPerExample(logits, labels).dataSync())).toEqual([expect.closeTo(-Math.log(p0), 5), expect.closeTo(-Math.log(p1), 5)]);
    tf.dispose([logits, labels]);
  });

  it('its gradient is that of 1 − p_y^q (GCE·q): q·p_y^q·(p − onehot)', () => {
    const logits = tf.tensor2d([
      [0.3, -1.2, 2.0, 0.5],
      [1.5, 0.1, -0.4, 0.0],
    ]);
    const labels = tf.tensor1d([2, 3], 'int32');
    const q = 0.7;
    const ours = tf.grad((z: tf.Tensor) => tf.sum(generalizedCrossEntropy(z as tf.Tensor2D, labels, q)))(logits);
    const closed = tf.grad((z: tf.Tensor) => tf.sum(tf.sub(1, tf.pow(tf.sum(tf.mul(tf.softmax(z), tf.oneHot(labels, 4)), 1), q))))(logits);
    const a = ours.arraySync() as number[][];
    const b = closed.arraySync() as number[][];
    a.forEach((row, i) => row.forEach((v, j) => expect(v).toBeCloseTo(b[i][j], 5)));
    // and by hand for one entry: ∂/∂z_00 = q·p_2^q·p_0 for example 0
    const z = [0.3, -1.2, 2.0, 0.5];
    const e = z.map(Math.exp);
    const s = e.reduce((x, y) => x + y, 0);
    expect(a[0][0]).toBeCloseTo(q * (e[2] / s) ** q * (e[0] / s), 5);
    tf.dispose([logits, labels, ours, closed]);
  });
});

/** The loss straight from its definition, with loops. */
function supConByHand(f: number[][], labels: number[], mined: number[], T: number): number {
  const z = f.map((v) => {
    const n = Math.hypot(...v);
    return v.map((x) => x / n);
  });
  const dot = (a: number[], b: number[]) => a.reduce((s, x, i) => s + x * b[i], 0);
  let total = 0;
  let anchors = 0;
  for (let i = 0; i < f.length; i++) {
    const P = labels.map((_, j) => j).filter((j) => j !== i && labels[j] === labels[i] && (mined[i] || mined[j]));
    if (!P.length) continue;
    const denom = labels.map((_, k) => k).filter((k) => k !== i).reduce((s, k) => s + Math.exp(dot(z[i], z[k]) / T), 0);
    total += -P.reduce((s, j) => s + (dot(z[i], z[j]) / T - Math.log(denom)), 0) / P.length;
    anchors++;
  }
  return total / anchors;
}

describe('debiased supervised contrastive loss', () => {
  const f = [
    [1, 0.2, 0],
    [0.8, 0.5, 0.1],
    [-0.3, 1, 0.4],
    [0.1, -0.2, 1],
    [0.5, 0.5, 0.5],
  ];
  const labels = [0, 0, 1, 1, 0];
  it('matches the definition on a tiny batch (positives need a mined end; anchors without positives skipped)', () => {
    for (const mined of [
      [1, 0, 0, 0, 0],
      [0, 0, 1, 0, 1],
      [1, 1, 1, 1, 1],
    ]) {
      for (const T of [0.07, 0.5]) {
        const got = debiasedSupCon(tf.tensor2d(f), labels, mined, T, T).dataSync()[0];
        expect(got).toBeCloseTo(supConByHand(f, labels, mined, T), 4);
      }
    }
  });

  it('is 0 without any positive pair; gradient matches finite differences', () => {
    expect(debiasedSupCon(tf.tensor2d(f), labels, [0, 0, 0, 0, 0]).dataSync()[0]).toBe(0);
    const x = tf.tensor2d(f);
    const mined = [1, 0, 1, 0, 0];
    const g = tf.grad((t: tf.Tensor) => debiasedSupCon(t as tf.Tensor2D, labels, mined, 0.5, 0.5))(x).arraySync() as number[][];
    const h = 1e-3;
    for (const [i, j] of [
      [0, 0],
      [2, 1],
      [4, 2],
    ]) {
      const plus = f.map((r) => [...r]);
      const minus = f.map((r) => [...r]);
      plus[i][j] += h;
      minus[i][j] -= h;
      const fd = (supConByHand(plus, labels, mined, 0.5) - supConByHand(minus, labels, mined, 0.5)) / (2 * h);
      expect(g[i][j]).toBeCloseTo(fd, 2);
    }
    x.dispose();
  });

  it('leaks no tensors', () => {
    const before = tf.memory().numTensors;
    const x = tf.tensor2d(new Rng(1).uniformArray(64 * 8, -1, 1), [64, 8]);
    const l = Array.from({ length: 64 }, (_, i) => i % 4);
    const m = Array.from({ length: 64 }, (_, i) => (i % 9 === 0 ? 1 : 0));
    tf.dispose([debiasedSupCon(x, l, m), tf.grad((t: tf.Tensor) => debiasedSupCon(t as tf.Tensor2D, l, m))(x), x]);
    expect(tf.memory().numTensors).toBe(before);
  });
});
