import { Rng } from '@zoo/core';
import { generateSbm, sbmConfigSchema } from './sbm';

describe('synthetic block model', () => {
  const cfg = sbmConfigSchema.parse({});
  it('is reproducible per seed, homophilous, and splits by class', () => {
    const a = generateSbm(cfg, new Rng(1));
    const b = generateSbm(cfg, new Rng(1));
    expect(Array.from(a.adjacency.indices)).toEqual(Array.from(b.adjacency.indices));
    expect(Array.from(a.labels)).toEqual(Array.from(b.labels));
    let same = 0;
    for (let i = 0; i < a.numNodes; i++) for (let p = a.adjacency.indptr[i]; p < a.adjacency.indptr[i + 1]; p++) same += +(a.labels[i] === a.labels[a.adjacency.indices[p]]);
    expect(same / a.adjacency.nnz).toBeGreaterThan(0.6); // 4 classes: random graphs give 0.25
    expect(a.splits.train.length).toBe(cfg.trainPerClass * cfg.classes);
    expect(a.splits.val.length).toBe(cfg.val);
    expect(a.splits.train.length + a.splits.val.length + a.splits.test.length).toBe(cfg.nodes);
  });

  it('refuses a split that leaves no test nodes', () => {
    expect(() => generateSbm(sbmConfigSchema.parse({ nodes: 50, val: 100 }), new Rng(0))).toThrow(/no test nodes/);
  });
});
