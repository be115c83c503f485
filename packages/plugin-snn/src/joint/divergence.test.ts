import { DivergedError, Runner, tf } from '@zoo/core';
import { testZoo } from '@zoo/core/testing';
import plugin from '../index';

describe('snn: a diverged run is never a result', () => {
  it('joint-a-snn-resnet8@bars with lr=1e30 fails with a DivergedError through the supervised loop, leaking nothing', async () => {
    const runner = (await testZoo([plugin])).resolve(Runner);
    const before = tf.memory().numTensors;
    const err = await runner.run('snn/joint-a-snn-resnet8@bars', { set: ['trainer.lr=1e30', 'trainer.maxEpochs=2', 'data.n=40'] }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DivergedError);
    expect((err as Error).message).toMatch(/^training diverged at epoch [12] of 2(, step \d+ of \d+: training loss is|, at its end: (parameter|validation))/);
    expect(tf.memory().numTensors).toBe(before);
  });
});
