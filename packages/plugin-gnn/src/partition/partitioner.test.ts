import { Runner, type Rng } from '@zoo/core';
import { testZoo } from '@zoo/core/testing';
import plugin from '../index';
import type { CsrMatrix } from '../ops/csr';
import { partitionGraph, randomPartition, type PartitionMethod } from './partition';
import { builtinOrMetisPartitioner, GRAPH_PARTITIONER, type GraphPartitioner } from './partitioner';

const SET = ['trainer.maxEpochs=2'];

describe('GRAPH_PARTITIONER', () => {
  it('the plugin registers partitionGraph (METIS or built-in) as the default', async () => {
    const c = await testZoo([plugin]);
    expect(c.resolve<GraphPartitioner>(GRAPH_PARTITIONER)).toBe(builtinOrMetisPartitioner);
    expect(builtinOrMetisPartitioner.partition).toBe(partitionGraph);
  });

  it("a user's registration replaces it, and Cluster-GCN's trainer partitions with the override", async () => {
    const calls: { n: number; k: number; method: PartitionMethod }[] = [];
    const roundRobin: GraphPartitioner = {
      partition(adj: CsrMatrix, k: number, method: PartitionMethod, rng: Rng) {
        calls.push({ n: adj.rows, k, method });
        const part = randomPartition(adj.rows, k, rng);
        return { part, parts: k, method: 'random', edgeCut: 0, imbalance: 1, seconds: 0 };
      },
    };
    const c = await testZoo([plugin], [{ token: GRAPH_PARTITIONER, useValue: roundRobin }]);
    const r = await c.resolve(Runner).run('gnn/cluster-gcn@sbm', { set: SET });
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({ k: 8, method: 'builtin' });
    expect(Number.isFinite(r.metrics.accuracy)).toBe(true);

    // without the override, the same recipe never calls it (a fresh container per test, no leftovers)
    const plain = await testZoo([plugin]);
    await plain.resolve(Runner).run('gnn/cluster-gcn@sbm', { set: SET });
    expect(calls).toHaveLength(1);
  });

  it("another plugin's override (override: true) wins over the default whatever the plugin order", async () => {
    const other: GraphPartitioner = { partition: (adj, k, m, rng) => partitionGraph(adj, k, m === 'builtin' ? 'random' : m, rng) };
    const overriding = { ...plugin, meta: { ...plugin.meta, name: 'gnn-partitioners' }, recipes: [], models: [], datasets: [], trainers: [], benches: [], services: [{ token: GRAPH_PARTITIONER, useValue: other, override: true }] };
    for (const plugins of [[overriding, plugin], [plugin, overriding]]) {
      const c = await testZoo(plugins);
      expect(c.resolve<GraphPartitioner>(GRAPH_PARTITIONER)).toBe(other);
    }
  });
});
