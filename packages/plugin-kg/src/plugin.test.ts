import { Runner } from '@zoo/core';
import { describePluginContract, testZoo } from '@zoo/core/testing';
import plugin from './index';

describePluginContract(plugin, { maxEpochs: 4 });

describe('kg recipes', () => {
  it('Dual-AMN aligns two noisy renamed views of a random graph far above chance (1/210)', async () => {
    const runner = (await testZoo([plugin])).resolve(Runner);
    const r = await runner.run('kg/dual-amn@kg-synthetic');
    expect(r.metrics.hits_at_1).toBeGreaterThan(0.3);
    expect(r.metrics.hits_at_10).toBeGreaterThanOrEqual(r.metrics.hits_at_1);
    expect(r.metrics.mrr).toBeGreaterThan(r.metrics.hits_at_1 * 0.9);
  });
});
