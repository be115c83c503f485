import { Rng } from '@zoo/core';
import { generatePowerlawSbm, powerlawSbmConfigSchema } from './powerlaw-sbm';

describe('power-law stochastic block model', () => {
  const cfg = powerlawSbmConfigSchema.parse({ nodes: 20000, avgDegree: 10 });
  const g = generatePowerlawSbm(cfg, new Rng(4));
  const deg = Array.from({ length: g.numNodes }, (_, i) => g.adjacency.indptr[i + 1] - g.adjacency.indptr[i]);

  it('has about nodes·avgDegree/2 undirected edges, symmetric, no self loops', () => {
    expect(g.adjacency.nnz / 2).toBeGreaterThan(0.9 * 100000);
    expect(g.adjacency.nnz / 2).toBeLessThanOrEqual(100000);
    for (let i = 0; i < 200; i++) {
      for (let p = g.adjacency.indptr[i]; p < g.adjacency.indptr[i + 1]; p++) {
        const j = g.adjacency.indices[p];
        expect(j).not.toBe(i);
        const row = g.adjacency.indices.subarray(g.adjacency.indptr[j], g.adjacency.indptr[j + 1]);
        expect(row.includes(i)).toBe(true);
      }
    }
  });

  it('degrees are heavy-tailed (max ≫ median) and edges mostly stay inside a class', () => {
    const sorted = [...deg].sort((a, b) => a - b);
    expect(sorted[sorted.length - 1]).toBeGreaterThan(20 * sorted[sorted.length >> 1]);
    let same = 0;
    for (let i = 0; i < g.numNodes; i++) for (let p = g.adjacency.indptr[i]; p < g.adjacency.indptr[i + 1]; p++) if (g.labels[g.adjacency.indices[p]] === g.labels[i]) same++;
    expect(same / g.adjacency.nnz).toBeGreaterThan(0.65); // homophily 0.7 plus chance 1/8 of the rest
  });

  it('splits are disjoint and cover the nodes; the same seed gives the same graph', () => {
    const all = [...g.splits.train, ...g.splits.val, ...g.splits.test];
    expect(new Set(all).size).toBe(g.numNodes);
    expect(g.splits.train.length).toBe(10000);
    const h = generatePowerlawSbm(cfg, new Rng(4));
    expect(Array.from(h.adjacency.indices.subarray(0, 100))).toEqual(Array.from(g.adjacency.indices.subarray(0, 100)));
  });
});
