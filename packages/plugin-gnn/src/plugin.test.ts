import { Registry, Runner, validateConfig } from '@zoo/core';
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

  it('refuses sizes far beyond any recipe (data.nodes=1e10, model.hidden=1e9), naming the field and the range', () => {
    const registry = new Registry().register(plugin);
    const sbm = registry.resolve('gnn/gcn@sbm');
    expect(() => registry.resolveConfig(sbm, ['data.nodes=1e10'])).toThrow('config field data.nodes: expected an integer from 20 to 20000 (got 10000000000)');
    expect(() => registry.resolveConfig(sbm, ['model.hidden=1e9'])).toThrow('config field model.hidden: expected an integer from 1 to 65536 (got 1000000000)');
    const powerlaw = plugin.datasets.find((d) => d.id === 'sbm-powerlaw')!;
    expect(() => validateConfig(powerlaw.configSchema, { nodes: 1e10 }, 'data')).toThrow('data field nodes: expected an integer from 100 to 5000000 (got 10000000000)');
  });

  it('every model learns the synthetic block-model graph far above chance (0.25)', async () => {
    const runner = (await testZoo([plugin])).resolve(Runner);
    for (const m of MODELS) {
      const r = await runner.run(`gnn/${m}@sbm`);
      expect([m, r.metrics.accuracy > 0.7]).toEqual([m, true]);
    }
  });
});
