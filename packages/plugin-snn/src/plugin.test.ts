import { Runner } from '@zoo/core';
import { describePluginContract, testZoo } from '@zoo/core/testing';
import plugin from './index';

describePluginContract(plugin, { maxEpochs: 3 });

describe('snn recipes', () => {
  it('B1 TTFS learns the synthetic bars far above chance, with its exact ReLU mapping intact', async () => {
    const runner = (await testZoo([plugin])).resolve(Runner);
    const r = await runner.run('snn/ttfs-b1-fc2@bars');
    expect(r.metrics.accuracy).toBeGreaterThan(0.9);
    expect(r.metrics.max_output_diff).toBeLessThan(1e-4);
    expect(r.metrics.spikes_per_neuron).toBeGreaterThan(0);
    expect(r.metrics.spikes_per_neuron).toBeLessThan(1);
  });
});
