import { Rng, tf } from '@zoo/core';
import { generateSbm, sbmConfigSchema } from '../data/sbm';
import { normalizedAdjacency } from '../ops/graph';
import * as P from './propagation';

const graph = generateSbm(sbmConfigSchema.parse({ nodes: 120, classes: 3 }), new Rng(4));
const aHat = normalizedAdjacency(graph.adjacency);
const N = graph.numNodes;
const params: P.PropagationParams = { alpha: 0.1, mu: 0.9, beta: 0.9, K: 10, cgTol: 1e-10 };

function maxAbsDiff(a: tf.Tensor, b: tf.Tensor): number {
  return tf.tidy(() => a.sub(b).abs().max().dataSync()[0]);
}

/** Dense reference of the closed forms: Z = α·M⁻¹·O·H, with M⁻¹ from tfjs's own dense ops (small N). */
function denseClosed(M: number[][], O: number[][], h: tf.Tensor2D, alpha: number): tf.Tensor2D {
  return tf.tidy(() => {
    // solve M Z = O H by Gauss–Jordan on the augmented matrix in float64
    const rhs = tf.matMul(tf.tensor2d(O), h).arraySync();
    const k = rhs[0].length;
    const m = M.map((row, i) => [...row, ...rhs[i]]);
    for (let c = 0; c < N; c++) {
      let p = c;
      for (let r = c + 1; r < N; r++) if (Math.abs(m[r][c]) > Math.abs(m[p][c])) p = r;
      [m[c], m[p]] = [m[p], m[c]];
      for (let r = 0; r < N; r++) {
        if (r === c) continue;
        const f = m[r][c] / m[c][c];
        for (let j = c; j < N + k; j++) m[r][j] -= f * m[c][j];
      }
    }
    return tf.tensor2d(m.map((row, i) => row.slice(N).map((v) => (alpha * v) / row[i])));
  });
}

const A = Array.from({ length: N }, (_, i) => Array.from(aHat.toDense().subarray(i * N, (i + 1) * N)));
const I = (i: number, j: number) => (i === j ? 1 : 0);
const lin = (a: number, b: number) => A.map((row, i) => row.map((v, j) => a * I(i, j) + b * v));

describe('unified-framework propagation (Zhu et al. 2021)', () => {
  const h = tf.tensor2d(new Rng(5).uniformArray(N * 3, -1, 1), [N, 3]);
  const { alpha, mu, beta } = params;

  it('closed forms equal the dense formulas of Eqs. 11 and 17 and PPNP', () => {
    const cases: [P.Propagation, tf.Tensor2D][] = [
      [P.appnpClosed(aHat, params), denseClosed(lin(1, -(1 - alpha)), lin(1, 0), h, alpha)],
      [P.lfClosed(aHat, params), denseClosed(lin(1 + alpha * mu - alpha, 2 * alpha - alpha * mu - 1), lin(mu, 1 - mu), h, alpha)],
      // L̃ = I − Â: αI + (αβ+1−α)L̃ and I + βL̃
      [P.hfClosed(aHat, params), denseClosed(lin(alpha * beta + 1, -(alpha * beta + 1 - alpha)), lin(1 + beta, -beta), h, alpha)],
    ];
    for (const [prop, ref] of cases) {
      const z = prop.apply(h);
      expect(maxAbsDiff(z, ref)).toBeLessThan(1e-4);
      tf.dispose([z, ref]);
    }
  });

  it('iterative forms converge to the closed forms as K grows, and K=10 is a truncation', () => {
    const pairs: [P.Propagation, P.Propagation, P.Propagation][] = [
      [P.appnpIterative(aHat, { ...params, K: 400 }), P.appnpClosed(aHat, params), P.appnpIterative(aHat, params)],
      [P.lfIterative(aHat, { ...params, K: 400 }), P.lfClosed(aHat, params), P.lfIterative(aHat, params)],
      [P.hfIterative(aHat, { ...params, K: 400 }), P.hfClosed(aHat, params), P.hfIterative(aHat, params)],
    ];
    for (const [longIter, closed, shortIter] of pairs) {
      const [zl, zc, zs] = [longIter.apply(h), closed.apply(h), shortIter.apply(h)];
      expect(maxAbsDiff(zl, zc)).toBeLessThan(1e-4);
      expect(maxAbsDiff(zs, zc)).toBeGreaterThan(1e-3);
      tf.dispose([zl, zc, zs]);
    }
  });

  it('is differentiable: the closed-form gradient matches the long iteration gradient', () => {
    const w = tf.tensor2d(new Rng(6).uniformArray(N * 3, -1, 1), [N, 3]);
    const gc = tf.grad((x: tf.Tensor) => P.lfClosed(aHat, params).apply(x as tf.Tensor2D).mul(w).sum())(h);
    const gi = tf.grad((x: tf.Tensor) => P.lfIterative(aHat, { ...params, K: 400 }).apply(x as tf.Tensor2D).mul(w).sum())(h);
    expect(maxAbsDiff(gc, gi)).toBeLessThan(1e-4);
    tf.dispose([w, gc, gi]);
  });
});
