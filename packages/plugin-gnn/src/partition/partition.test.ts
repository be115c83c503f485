import { Rng, CsrMatrix } from '@zoo/core';
import { locatePlanetoid, readPlanetoid } from '../data/planetoid';
import { edgeCut, undirectedGraph } from './graph';
import { loadMetis } from './metis';
import { multilevelPartition } from './multilevel';
import { partitionGraph, partMembers } from './partition';

/** c cliques of size s joined in a ring by single edges: the best c-way cut is c. */
function ringOfCliques(c: number, s: number): CsrMatrix {
  const r: number[] = [];
  const d: number[] = [];
  for (let q = 0; q < c; q++) {
    for (let i = 0; i < s; i++) for (let j = i + 1; j < s; j++) r.push(q * s + i), d.push(q * s + j);
    r.push(q * s);
    d.push(((q + 1) % c) * s + 1);
  }
  return CsrMatrix.fromCoo(c * s, c * s, r, d, new Float32Array(r.length).fill(1)); // directed, one way only
}


describe('graph partitioning', () => {
  it('builtin multilevel finds the planted cut of a ring of cliques (directed input symmetrized)', () => {
    const part = partitionGraph(ringOfCliques(8, 12), 8, 'builtin', new Rng(1));
    expect(part.method).toBe('builtin');
    expect(part.edgeCut).toBe(8);
    expect(part.imbalance).toBeCloseTo(1, 5);
    // each clique whole in one part
    for (const members of partMembers(part.part, 8)) expect(new Set(Array.from(members, (v) => Math.floor(v / 12))).size).toBe(1);
  });

  it('accepts self loops, duplicate and isolated nodes, and more parts than edges, without crashing', () => {
    const a = CsrMatrix.fromCoo(6, 6, [0, 0, 1, 1, 2], [0, 1, 0, 1, 2], [1, 1, 1, 1, 1]); // nodes 3-5 isolated
    const g = undirectedGraph(a);
    expect(Array.from(g.xadj)).toEqual([0, 1, 2, 2, 2, 2, 2]);
    for (const method of ['builtin', 'auto', 'random'] as const) {
      for (const k of [1, 2, 3, 6, 9]) {
        const p = partitionGraph(a, k, method, new Rng(3));
        expect(p.part.length).toBe(6);
        expect(Array.from(p.part).every((x) => x >= 0 && x < k)).toBe(true);
      }
    }
    expect(() => partitionGraph(a, 0, 'builtin', new Rng(1))).toThrow(/positive integer/);
  });

  it('random partition is balanced and cuts far more than multilevel on a clustered graph', () => {
    const g = ringOfCliques(10, 10);
    const rnd = partitionGraph(g, 10, 'random', new Rng(2));
    const ml = partitionGraph(g, 10, 'builtin', new Rng(2));
    expect(rnd.imbalance).toBe(1);
    expect(rnd.edgeCut).toBeGreaterThan(10 * ml.edgeCut);
  });

  it('is deterministic for a seed', () => {
    const g = undirectedGraph(ringOfCliques(6, 9));
    const a = multilevelPartition(g, 4, (() => { const r = new Rng(5); return () => r.next(); })());
    const b = multilevelPartition(g, 4, (() => { const r = new Rng(5); return () => r.next(); })());
    expect(Array.from(a)).toEqual(Array.from(b));
    expect(edgeCut(g, a)).toBe(edgeCut(g, b));
  });

  it('on Cora with 32 parts: parts within 3% of average (rounded up to whole nodes), and (when libmetis is installed) within 1.5× of METIS\'s cut', () => {
    const cora = readPlanetoid('cora', locatePlanetoid('cora').dir);
    const ours = partitionGraph(cora.adjacency, 32, 'builtin', new Rng(0));
    expect(ours.imbalance).toBeLessThanOrEqual(Math.ceil((1.03 * 2708) / 32) / (2708 / 32) + 1e-9);
    expect(ours.edgeCut).toBeLessThan(cora.adjacency.nnz / 2 / 4); // far below a random cut (~97%)
    if (loadMetis()) {
      const metis = partitionGraph(cora.adjacency, 32, 'metis', new Rng(0));
      expect(metis.method).toBe('metis');
      expect(ours.edgeCut).toBeLessThanOrEqual(1.5 * metis.edgeCut);
    }
  });
});
