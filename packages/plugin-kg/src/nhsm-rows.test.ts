import { Rng } from '@zoo/core';
import { nhsmBackwardRows, nhsmForwardRows } from './nhsm-rows';

describe('NHSM row passes', () => {
  // N = 4k + 3: the SIMD module takes the first 4k columns, JS the rest; a mask in each part
  for (const N of [23, 40]) {
    it(`SIMD equals the JS loops (N = ${N}): scores, masks, σ, exps to 1e-6 relative, flushed terms; backward sums`, () => {
      const r = new Rng(N);
      const rows = 6;
      const x0 = Float32Array.from({ length: rows * N }, () => r.normal());
      const norms = Float32Array.from({ length: N }, () => r.next());
      const c = Float64Array.from({ length: rows }, () => 1 + r.next());
      const masks = { a: Int32Array.from({ length: rows }, (_, a) => (a * 7) % N), b: Int32Array.from({ length: rows }, (_, a) => N - 1 - a) };
      const run = (simd: boolean) => {
        const x = x0.slice();
        const f = nhsmForwardRows(x, rows, N, c, norms, masks, 30, -46, simd);
        return { x, f };
      };
      const fast = run(true);
      const loop = run(false);
      const rel = (a: number, b: number) => Math.abs(a - b) / Math.max(Math.abs(b), 1e-30);
      for (let a = 0; a < rows; a++) {
        expect(rel(fast.f.sigma[a], loop.f.sigma[a])).toBeLessThan(1e-6);
        expect(rel(fast.f.sumE[a], loop.f.sumE[a])).toBeLessThan(1e-5);
        expect(Math.abs(fast.f.shift[a] - loop.f.shift[a])).toBeLessThan(1e-4 * Math.max(1, Math.abs(loop.f.shift[a])));
        for (let j = 0; j < N; j++) {
          const want = loop.x[a * N + j];
          if (want === 0) expect(fast.x[a * N + j]).toBe(0);
          // terms near the flush threshold may land either side; all others agree closely
          else if (want > 1e-19) expect(rel(fast.x[a * N + j], want)).toBeLessThan(1e-5);
        }
        expect(loop.x[a * N + masks.a[a]]).toBeLessThanOrEqual(1); // a masked score is 0 before the exp: e ≤ 1
      }
      // with λ = 30 most terms are flushed: the test exercises the zero lanes
      expect(loop.x.filter((v) => v === 0).length).toBeGreaterThan(rows * N * 0.3);
      const w = Float64Array.from({ length: rows }, (_, a) => 0.5 + a);
      const bf = nhsmBackwardRows(fast.x.slice(), rows, N, w, masks, true);
      const bl = nhsmBackwardRows(loop.x.slice(), rows, N, w, masks, false);
      bl.rowSum.forEach((v, a) => expect(rel(bf.rowSum[a], v)).toBeLessThan(1e-5));
      bl.colSum.forEach((v, j) => expect(Math.abs(bf.colSum[j] - v)).toBeLessThan(1e-5 * Math.max(1, Math.abs(v))));
      // masked columns carry no gradient
      const G = loop.x.slice();
      nhsmBackwardRows(G, rows, N, w, masks, false);
      for (let a = 0; a < rows; a++) expect([G[a * N + masks.a[a]], G[a * N + masks.b[a]]]).toEqual([0, 0]);
    });
  }
});
