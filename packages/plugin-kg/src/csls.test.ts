import { Rng, tf } from '@zoo/core';
import { cslsRanks, rankMetrics, topKMeanSim } from './csls';

function normalized(r: Rng, n: number, d: number): tf.Tensor2D {
  return tf.tidy(() => {
    const x = tf.tensor2d(Float32Array.from({ length: n * d }, () => r.normal()), [n, d]);
    return tf.div(x, tf.norm(x, 2, 1, true)) as tf.Tensor2D;
  });
}

describe('CSLS evaluation', () => {
  it('ranks equal a brute-force CSLS over the full matrix, in any block size', () => {
    const r = new Rng(1);
    const n = 23;
    const d = 4;
    const q = normalized(r, n, d);
    // candidates: noisy copies of the queries, so most partners rank high
    const c = tf.tidy(() => {
      const x = tf.add(q, tf.mul(tf.tensor2d(Float32Array.from({ length: n * d }, () => r.normal()), [n, d]), 0.6));
      return tf.div(x, tf.norm(x, 2, 1, true)) as tf.Tensor2D;
    });
    const k = 3;
    const sim = tf.matMul(q, c, false, true).arraySync() as number[][];
    const topMean = (xs: number[]) => [...xs].sort((a, b) => b - a).slice(0, k).reduce((s, v) => s + v, 0) / k;
    const rQ = sim.map(topMean);
    const rC = sim[0].map((_, j) => topMean(sim.map((row) => row[j])));
    const csls = sim.map((row, i) => row.map((v, j) => 2 * v - rQ[i] - rC[j]));
    const expected = csls.map((row, i) => row.filter((v, j) => j !== i && v >= row[i]).length);
    const bestExpected = csls.map((row) => row.indexOf(Math.max(...row)));
    topKMeanSim(q, c, k, 5).forEach((v, i) => expect(v).toBeCloseTo(rQ[i], 5));
    topKMeanSim(c, q, k, 6).forEach((v, j) => expect(v).toBeCloseTo(rC[j], 5));
    for (const block of [4, 7, 100]) {
      const { ranks, best } = cslsRanks(q, c, k, block);
      expect(Array.from(ranks)).toEqual(expected);
      expect(Array.from(best)).toEqual(bestExpected);
    }
    const m = rankMetrics(Int32Array.from(expected));
    expect(m.hits_at_1).toBeCloseTo(expected.filter((x) => x === 0).length / n, 10);
    expect(m.mrr).toBeCloseTo(expected.reduce((s, x) => s + 1 / (x + 1), 0) / n, 10);
    tf.dispose([q, c]);
  });

  it('hits@k and MRR by hand', () => {
    const m = rankMetrics(Int32Array.of(0, 1, 9, 10));
    expect(m.hits_at_1).toBe(0.25);
    expect(m.hits_at_10).toBe(0.75);
    expect(m.mrr).toBeCloseTo((1 + 1 / 2 + 1 / 10 + 1 / 11) / 4, 12);
  });
});
