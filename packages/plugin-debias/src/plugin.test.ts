import { Runner } from '@zoo/core';
import { describePluginContract, testZoo } from '@zoo/core/testing';
import plugin from './index';

describePluginContract(plugin, { set: ['trainer.iters=4'] });

describe('debias recipes', () => {
  it('every Colored-MNIST ratio has the four methods; λ_up follows the code per ratio', () => {
    for (const pct of ['0.5', '1', '2', '5']) {
      for (const m of ['erm', 'lff', 'jtt', 'dcwp']) expect(plugin.recipes.some((r) => r.id === `debias/${m}@cmnist-${pct}pct`)).toBe(true);
    }
    const up = (id: string) => (plugin.recipes.find((r) => r.id === id)!.config!.trainer as { lambdaUp: number }).lambdaUp;
    expect([0.5, 1, 2, 5].map((p) => up(`debias/dcwp@cmnist-${p}pct`))).toEqual([80, 50, 30, 10]);
  });

  it('DCWP on the smoke set ends with a fixed mask and reports the kept fraction', async () => {
    const runner = (await testZoo([plugin])).resolve(Runner);
    const r = await runner.run('debias/dcwp@biased-bars');
    expect(r.metrics.kept_weights).toBeGreaterThan(0);
    expect(r.metrics.kept_weights).toBeLessThanOrEqual(1);
    expect(r.metrics.unbiased_accuracy).toBeGreaterThan(0.5);
  });
});
