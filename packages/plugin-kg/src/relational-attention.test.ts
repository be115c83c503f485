import { Rng, tf } from '@zoo/core';
import { expectNoLeaks } from '@zoo/core/testing';
import { buildKgGraph } from './graph';
import { relationalAttention } from './relational-attention';

/** The layer as plain tfjs ops (gathers, segment softmax, segment sum). */
function composed(h: tf.Tensor2D, u: tf.Tensor2D, z: tf.Tensor1D, src: Int32Array, dst: Int32Array, N: number): tf.Tensor2D {
  const s = tf.tensor1d(src, 'int32');
  const hj = tf.gather(h, tf.tensor1d(dst, 'int32'));
  const dots = tf.sum(tf.mul(hj, u), 1, true);
  const m = tf.sub(hj, tf.mul(tf.mul(dots, 2), u));
  const ez = tf.exp(z); // small test values: no max shift needed
  const denom = tf.gather(tf.unsortedSegmentSum(ez, s, N), s);
  const alpha = tf.div(ez, denom);
  return tf.unsortedSegmentSum(tf.mul(tf.expandDims(alpha, 1), m), s, N) as tf.Tensor2D;
}

describe('relational attention (fused)', () => {
  it('reflection keeps norms: with one edge per node the output is the reflected neighbour, same length', () => {
    // node 0 ← edge to node 1 with relation u = (0, 1): h_1 = (3, 4) reflects to (3, −4)
    const h = tf.tensor2d([
      [0, 0],
      [3, 4],
    ]);
    const u = tf.tensor2d([
      [0, 1],
      [1, 0],
    ]);
    const out = relationalAttention(h, u, tf.tensor1d([0.3, -2]), Int32Array.of(0, 1, 2), Int32Array.of(1, 0));
    expect(Array.from(out.dataSync())).toEqual([3, -4, -0, 0].map((v) => v + 0));
    const v = out.arraySync()[0];
    expect(Math.hypot(v[0], v[1])).toBeCloseTo(5, 6);
    tf.dispose([h, u, out]);
  });

  it('value and gradients (h, u, z) equal the tfjs composition on a random graph; no leaks', async () => {
    const r = new Rng(3);
    const N = 12;
    const d = 5;
    const triples = Int32Array.from({ length: 3 * 20 }, (_, i) => (i % 3 === 1 ? r.int(4) : r.int(N)));
    const g = buildKgGraph(N, 4, triples);
    const E = g.src.length;
    const h = tf.tensor2d(Float32Array.from({ length: N * d }, () => r.normal()), [N, d]);
    const u = tf.tidy(() => {
      const x = tf.tensor2d(Float32Array.from({ length: E * d }, () => r.normal()), [E, d]);
      return tf.div(x, tf.norm(x, 2, 1, true)) as tf.Tensor2D;
    });
    const z = tf.tensor1d(Float32Array.from({ length: E }, () => r.normal()));
    const w = tf.tensor2d(Float32Array.from({ length: N * d }, () => r.normal()), [N, d]);
    const loss = (f: (a: tf.Tensor2D, b: tf.Tensor2D, c: tf.Tensor1D) => tf.Tensor2D) => (a: tf.Tensor, b: tf.Tensor, c: tf.Tensor) => tf.sum(tf.mul(f(a as tf.Tensor2D, b as tf.Tensor2D, c as tf.Tensor1D), w));
    const fused = (a: tf.Tensor2D, b: tf.Tensor2D, c: tf.Tensor1D) => relationalAttention(a, b, c, g.edgePtr, g.dst);
    const plain = (a: tf.Tensor2D, b: tf.Tensor2D, c: tf.Tensor1D) => composed(a, b, c, g.src, g.dst, N);
    const close = (x: tf.Tensor, y: tf.Tensor) => {
      const yv = y.dataSync();
      x.dataSync().forEach((v, i) => expect(v).toBeCloseTo(yv[i], 4));
    };
    tf.tidy(() => close(fused(h, u, z), plain(h, u, z)));
    const gf = tf.grads(loss(fused))([h, u, z]);
    const gp = tf.grads(loss(plain))([h, u, z]);
    gf.forEach((t, i) => close(t, gp[i]));
    tf.dispose([...gf, ...gp]);
    await expectNoLeaks(() => tf.dispose(tf.grads(loss(fused))([h, u, z])));
    tf.dispose([h, u, z, w]);
  });

  it('per-kind u and z equal the per-edge layer with rows gathered by kind (value and gradients); no leaks', async () => {
    const r = new Rng(5);
    const N = 10;
    const d = 4;
    const triples = Int32Array.from({ length: 3 * 30 }, (_, i) => (i % 3 === 1 ? r.int(3) : r.int(N)));
    const g = buildKgGraph(N, 3, triples);
    const K = g.kindRel.rows;
    expect(K).toBeLessThan(g.src.length); // kinds repeat, so the accumulation into shared rows is exercised
    const h = tf.tensor2d(Float32Array.from({ length: N * d }, () => r.normal()), [N, d]);
    const u = tf.tensor2d(Float32Array.from({ length: K * d }, () => r.normal()), [K, d]);
    const z = tf.tensor1d(Float32Array.from({ length: K }, () => r.normal()));
    const w = tf.tensor2d(Float32Array.from({ length: N * d }, () => r.normal()), [N, d]);
    const kinds = tf.tensor1d(g.edgeKind, 'int32');
    const byKind = (a: tf.Tensor, b: tf.Tensor, c: tf.Tensor) => tf.sum(tf.mul(relationalAttention(a as tf.Tensor2D, b as tf.Tensor2D, c as tf.Tensor1D, g.edgePtr, g.dst, g.edgeKind), w));
    const perEdge = (a: tf.Tensor, b: tf.Tensor, c: tf.Tensor) => tf.sum(tf.mul(relationalAttention(a as tf.Tensor2D, tf.gather(b, kinds), tf.gather(c, kinds), g.edgePtr, g.dst), w));
    const gk = tf.grads(byKind)([h, u, z]);
    const ge = tf.grads(perEdge)([h, u, z]);
    gk.forEach((t, i) => {
      const ev = ge[i].dataSync();
      t.dataSync().forEach((v, j) => expect(v).toBeCloseTo(ev[j], 4));
    });
    tf.dispose([...gk, ...ge]);
    expect(() => relationalAttention(h, u, z, g.edgePtr, g.dst, g.edgeKind.subarray(1))).toThrow(/kinds/);
    await expectNoLeaks(() => tf.dispose(tf.grads(byKind)([h, u, z])));
    tf.dispose([h, u, z, w, kinds]);
  });

  it('the SIMD edge passes equal the JS loops, and tanh(linear) for the tanh activation (d = 8, kinds shared; value and all gradients)', () => {
    const r = new Rng(8);
    const N = 15;
    const d = 8;
    const g = buildKgGraph(N, 3, Int32Array.from({ length: 3 * 40 }, (_, i) => (i % 3 === 1 ? r.int(3) : r.int(N))));
    const K = g.kindRel.rows;
    const h = tf.tensor2d(Float32Array.from({ length: N * d }, () => r.normal()), [N, d]);
    const u = tf.tensor2d(Float32Array.from({ length: K * d }, () => r.normal()), [K, d]);
    const z = tf.tensor1d(Float32Array.from({ length: K }, () => r.normal()));
    const w = tf.tensor2d(Float32Array.from({ length: N * d }, () => r.normal()), [N, d]);
    const run = (simd: boolean, activation: 'linear' | 'tanh', outer: (t: tf.Tensor2D) => tf.Tensor2D = (t) => t) =>
      tf.tidy(() => {
        const f = (a: tf.Tensor, b: tf.Tensor, c: tf.Tensor) => outer(relationalAttention(a as tf.Tensor2D, b as tf.Tensor2D, c as tf.Tensor1D, g.edgePtr, g.dst, g.edgeKind, { simd, activation }));
        return [f(h, u, z), ...tf.grads((a: tf.Tensor, b: tf.Tensor, c: tf.Tensor) => tf.sum(tf.mul(f(a, b, c), w)))([h, u, z])].map((t) => Array.from(t.dataSync()));
      });
    const same = (x: number[][], y: number[][]) => x.forEach((vals, i) => vals.forEach((v, j) => expect(Math.abs(v - y[i][j])).toBeLessThanOrEqual(1e-5 * Math.max(1, Math.abs(y[i][j])))));
    const fast = run(true, 'linear');
    same(fast, run(false, 'linear'));
    expect(fast[0].some((v) => v !== 0)).toBe(true);
    // tanh in the SIMD pass = JS loop with Math.tanh = tf.tanh after the linear layer, values and gradients
    const composed = run(false, 'linear', (t) => tf.tanh(t));
    same(run(true, 'tanh'), composed);
    same(run(false, 'tanh'), composed);
    tf.dispose([h, u, z, w]);
  });

  it('graph structures: edges both ways, sorted, inverse relations R + r, row means, relation kinds', () => {
    // triples: 0 -r1-> 1, 0 -r0-> 1 (parallel), 2 -r1-> 0, 1 -r1-> 2
    const g = buildKgGraph(3, 2, Int32Array.of(0, 1, 1, 0, 0, 1, 2, 1, 0, 1, 1, 2));
    expect(Array.from(g.src)).toEqual([0, 0, 1, 1, 2, 2]);
    expect(Array.from(g.dst)).toEqual([1, 2, 0, 2, 0, 1]);
    expect(Array.from(g.edgePtr)).toEqual([0, 2, 4, 6]);
    // edge (0,1): relations {1, 0} → 0.5 each; (0,2): inverse of r1 = 3; (1,0): inverses 3, 2; (1,2): r1;
    // (2,0): r1 again, (2,1): inverse 3 again → 4 distinct kinds in order of first appearance
    expect(Array.from(g.edgeKind)).toEqual([0, 1, 2, 3, 3, 1]);
    expect(Array.from(g.kindRel.indptr)).toEqual([0, 2, 3, 5, 6]);
    expect(Array.from(g.kindRel.indices)).toEqual([0, 1, 3, 2, 3, 1]);
    expect(Array.from(g.kindRel.values)).toEqual([0.5, 0.5, 1, 0.5, 0.5, 1]);
    // entity 0: itself, 1, 2 → 1/3 each; relation features: entity 0 has out r0, r1 (cols 2, 3) and in r1 (col 1)
    expect(Array.from(g.entAdj.indices.subarray(0, 3))).toEqual([0, 1, 2]);
    expect(Array.from(g.relAdj.indices.subarray(g.relAdj.indptr[0], g.relAdj.indptr[1]))).toEqual([1, 2, 3]);
  });
});
