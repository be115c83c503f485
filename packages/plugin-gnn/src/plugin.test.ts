import { Runner } from '@zoo/core';
import { describePluginContract, testZoo } from '@zoo/core/testing';
import plugin from './index';
import { MODELS } from './recipes';
import { ZHU_2021 } from './papers';

describePluginContract(plugin, { maxEpochs: 5 });

describe('gnn recipes', () => {
  it('cover every model on Cora, CiteSeer and PubMed with Table 3 values, plus smoke recipes', () => {
    const ids = plugin.recipes.map((r) => r.id);
    for (const m of MODELS) for (const d of ['cora', 'citeseer', 'pubmed', 'sbm']) expect(ids).toContain(`gnn/${m}@${d}`);
    const lf = plugin.recipes.find((r) => r.id === 'gnn/gnn-lf-closed@cora')!;
    expect(lf.paper).toEqual([{ metric: 'accuracy', value: 0.837, ref: ZHU_2021, where: 'Table 3, row GNN-LF-closed' }]);
    expect(ZHU_2021).toMatchObject({ year: 2021, arxiv: '2101.11859' });
    expect(lf.tier).toBe('cpu');
  });

  it('every model learns the synthetic block-model graph far above chance (0.25)', async () => {
    const runner = (await testZoo([plugin])).resolve(Runner);
    for (const m of MODELS) {
      const r = await runner.run(`gnn/${m}@sbm`);
      expect([m, r.metrics.accuracy > 0.7]).toEqual([m, true]);
    }
  });
});
