import { Runner, tf } from '@zoo/core';
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

  it('Joint A-SNN trains with crop-flip augmentation through the trainer, deterministically, leaking nothing', async () => {
    const runner = (await testZoo([plugin])).resolve(Runner);
    const before = tf.memory().numTensors;
    const set = ['trainer.maxEpochs=1', 'trainer.augment=crop-flip'];
    const a = await runner.run('snn/joint-a-snn-resnet8@bars', { set });
    const b = await runner.run('snn/joint-a-snn-resnet8@bars', { set });
    expect(tf.memory().numTensors).toBe(before);
    expect(Number.isFinite(a.metrics.accuracy)).toBe(true);
    expect(b.metrics).toEqual(a.metrics);
  });
});
