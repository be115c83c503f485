import { tf } from '@zoo/core';
import { heavisideSurrogate, lifStep } from './lif';
import { svd } from './svd';

describe('Joint A-SNN building blocks', () => {
  it('LIF by hand: mem = 0.25·mem + x, spike at mem ≥ 0.5, hard reset', () => {
    const xs = [0.3, 0.3, 0.6, 0.1];
    let mem: tf.Tensor | null = null;
    const spikes: number[] = [];
    const mems: number[] = [];
    for (const x of xs) {
      const o = lifStep(tf.scalar(x), mem);
      mem = o.mem;
      spikes.push(o.spike.dataSync()[0]);
      mems.push(o.mem.dataSync()[0]);
    }
    // t0: 0.3 → no spike; t1: 0.075 + 0.3 = 0.375 → no; t2: 0.09375 + 0.6 = 0.69375 → spike, reset 0; t3: 0.1
    expect(spikes).toEqual([0, 0, 1, 0]);
    mems.forEach((m, i) => expect(m).toBeCloseTo([0.3, 0.375, 0, 0.1][i], 6));
  });

  it('rectangular surrogate gradient: 1/γ inside |u| < γ/2, 0 outside', () => {
    const u = tf.tensor1d([-0.6, -0.4, 0, 0.49, 0.5, 2]);
    const g = tf.grad((x: tf.Tensor) => heavisideSurrogate(x, 1).sum() as tf.Scalar)(u).dataSync();
    expect(Array.from(g)).toEqual([0, 1, 1, 1, 0, 0]);
    const g2 = tf.grad((x: tf.Tensor) => heavisideSurrogate(x, 0.5).sum() as tf.Scalar)(u).dataSync();
    expect(Array.from(g2)).toEqual([0, 0, 2, 0, 0, 0]);
    expect(Array.from(heavisideSurrogate(u).dataSync())).toEqual([0, 0, 1, 1, 1, 1]);
  });

  it.each([
    [5, 3],
    [3, 5],
    [6, 6],
    [1, 4],
  ])('Jacobi SVD of a %i×%i matrix: orthonormal factors, descending σ, exact reconstruction', (m, n) => {
    const a = Array.from({ length: m * n }, (_, i) => Math.sin(i * 1.3 + m) * (1 + (i % 3)));
    const { u, s, v, r } = svd(a, m, n);
    expect(r).toBe(Math.min(m, n));
    for (let k = 1; k < r; k++) expect(s[k]).toBeLessThanOrEqual(s[k - 1] + 1e-12);
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        let x = 0;
        for (let k = 0; k < r; k++) x += u[i * r + k] * s[k] * v[j * r + k];
        expect(x).toBeCloseTo(a[i * n + j], 9);
      }
    }
    const dot = (M: Float64Array, rows: number, p: number, q: number) => {
      let d = 0;
      for (let i = 0; i < rows; i++) d += M[i * r + p] * M[i * r + q];
      return d;
    };
    for (let p = 0; p < r; p++) {
      for (let q = 0; q < r; q++) {
        if (s[p] > 1e-9 && s[q] > 1e-9) expect(dot(u, m, p, q)).toBeCloseTo(p === q ? 1 : 0, 9);
        expect(dot(v, n, p, q)).toBeCloseTo(p === q ? 1 : 0, 9);
      }
    }
  });
});

import { Rng, VariableStore } from '@zoo/core';
import { FactorizedConv } from './factorized-conv';

describe('factorized convolution weights', () => {
  it('start equal to the initial kernel in both modes; U/V are shared while σ_ann and σ_snn train separately', () => {
    const store = new VariableStore();
    const init = FactorizedConv.heInit(new Rng(1), 3, 4, 6);
    const conv = new FactorizedConv(store, 'c', 3, 4, 6, true, init);
    for (const mode of ['ann', 'snn'] as const) {
      const w = conv.weight(mode).dataSync();
      for (let i = 0; i < init.length; i++) expect(w[i]).toBeCloseTo(init[i], 5);
    }
    const x = tf.randomNormal([2, 5, 5, 4], 0, 1, 'float32', 3);
    const vars = store.getWeights();
    const annLoss = () => tf.sum(tf.square(tf.conv2d(x as tf.Tensor4D, conv.weight('ann'), 1, 'same'))) as tf.Scalar;
    const { grads } = tf.variableGrads(annLoss, [vars.c_u, vars.c_vt, vars.c_s_ann, vars.c_s_snn] as tf.Variable[]);
    const norm = (t: tf.Tensor | undefined) => (t ? tf.tidy(() => tf.sum(tf.abs(t)).dataSync()[0]) : 0);
    const g = (k: string) => grads[(vars[k] as tf.Variable).name];
    expect(norm(g('c_u'))).toBeGreaterThan(0); // shared factors learn from the ANN
    expect(norm(g('c_vt'))).toBeGreaterThan(0);
    expect(norm(g('c_s_ann'))).toBeGreaterThan(0);
    expect(norm(g('c_s_snn'))).toBe(0); // the SNN's singular values do not
    // after a change of σ_snn only the SNN kernel moves
    (vars.c_s_snn as tf.Variable).assign(tf.mul(vars.c_s_snn, 2));
    expect(conv.weight('ann').dataSync()[0]).toBeCloseTo(init[0], 5);
    expect(conv.weight('snn').dataSync()[0]).toBeCloseTo(2 * init[0], 5);
    tf.dispose([x, ...Object.values(grads)]);
    store.dispose();
  });
});
