import { Runner } from '@zoo/core';
import { describePluginContract, testZoo } from '@zoo/core/testing';
import plugin from './index';

describePluginContract(plugin);

describe('video recipes', () => {
  it('the smoke recipe learns far above chance', async () => {
    const runner = (await testZoo([plugin])).resolve(Runner);
    const r = await runner.run('video/softmax@stripes');
    expect(r.metrics.accuracy).toBeGreaterThan(0.8);
  });
});
