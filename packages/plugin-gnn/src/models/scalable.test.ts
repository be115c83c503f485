import { Rng, Runner, tf, CsrMatrix, dropout } from '@zoo/core';
import { testZoo } from '@zoo/core/testing';
import plugin from '../index';
import { diagEnhancedAdjacency, inducedSubgraph } from '../ops/graph';
import { StopController } from '../trainers/stop-controller';
import { rowNormalizedPlusIdentity } from './layerwise-gcn';

/** The former fastDropout's mask stream (xorshift32, 16-bit uniforms): the recipes' results depend on its draws. */
const XORSHIFT = { stream: 'xorshift32-16' } as const;

const path3 = () => CsrMatrix.fromCoo(3, 3, [0, 1, 1, 2], [1, 0, 2, 1], [1, 1, 1, 1]);

describe('Cluster-GCN and L-GCN building blocks', () => {
  it('diagonal enhancement: (D+I)^-1(A+I) + λ·diag, by hand on a 3-node path', () => {
    const d = Array.from(diagEnhancedAdjacency(path3(), 1).toDense());
    const want = [1, 1 / 2, 0, 1 / 3, 2 / 3, 1 / 3, 0, 1 / 2, 1];
    d.forEach((v, i) => expect(v).toBeCloseTo(want[i], 6));
    // λ = −1: the code's plain D^-1 A
    const plain = Array.from(diagEnhancedAdjacency(path3(), -1).toDense());
    [0, 1, 0, 0.5, 0, 0.5, 0, 1, 0].forEach((v, i) => expect(plain[i]).toBeCloseTo(v, 6));
  });

  it("L-GCN's Â = D^-1 A + I", () => {
    const d = Array.from(rowNormalizedPlusIdentity(path3()).toDense());
    [1, 1, 0, 0.5, 1, 0.5, 0, 1, 1].forEach((v, i) => expect(d[i]).toBeCloseTo(v, 6));
  });

  it('inducedSubgraph keeps exactly the edges among the chosen nodes, in their order', () => {
    const a = CsrMatrix.fromCoo(5, 5, [0, 1, 1, 2, 3, 4, 0], [1, 0, 2, 1, 4, 3, 4], [1, 2, 3, 4, 5, 6, 7]);
    const sub = inducedSubgraph(a, Int32Array.from([4, 0, 1]));
    const full = a.toDense();
    const d = sub.toDense();
    const nodes = [4, 0, 1];
    for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) expect(d[i * 3 + j]).toBe(full[nodes[i] * 5 + nodes[j]]);
  });

  it('dropout with the xorshift32-16 stream: drops about p of the values, keeps the mean, gradient is the same mask', () => {
    const x = tf.ones([200, 50]);
    const before = tf.memory().numTensors;
    const { value, grad } = tf.valueAndGrad((t: tf.Tensor) => dropout(t, 0.3, new Rng(1), XORSHIFT).sum() as tf.Scalar)(x);
    const yt = dropout(x, 0.3, new Rng(1), XORSHIFT);
    const y = yt.dataSync();
    const g = grad.dataSync();
    const zeros = Array.from(y).filter((v) => v === 0).length / y.length;
    expect(zeros).toBeGreaterThan(0.27);
    expect(zeros).toBeLessThan(0.33);
    expect(value.dataSync()[0] / 10000).toBeCloseTo(1, 1);
    for (let i = 0; i < g.length; i++) expect(g[i]).toBeCloseTo(y[i], 6); // same seed, same mask; x = 1
    tf.dispose([value, grad, yt]);
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
  });

  it('the stop controller learns from REINFORCE: rewarding early stops raises p(stop)', () => {
    const before = tf.memory().numTensors;
    const c = new StopController(2, 4, new Rng(3), 0.05);
    const decision = { state: Float32Array.from([0.1, 0.1, 0]), prevAction: 0, index: 0 };
    c.reset();
    const p0 = c.stopProbability(decision);
    for (let i = 0; i < 40; i++) c.reinforce([{ ...decision, action: 1 }], -1); // stopping here cost less than the baseline
    c.reset();
    const p1 = c.stopProbability(decision);
    expect(p1).toBeGreaterThan(Math.min(0.95, p0 + 0.3));
    c.dispose();
    expect(tf.memory().numTensors).toBe(before); // weights, Adam moments and LSTM state all released
  });
});

describe('Cluster-GCN, L-GCN and L²-GCN learn the synthetic block model', () => {
  it.each(['cluster-gcn', 'l-gcn', 'l2-gcn'])('%s far above chance (0.25)', async (model) => {
    const runner = (await testZoo([plugin])).resolve(Runner);
    const r = await runner.run(`gnn/${model}@sbm`);
    expect(r.metrics.accuracy).toBeGreaterThan(0.7);
  });
});
