import { Runner } from '@zoo/core';
import { expectExactResume, testZoo } from '@zoo/core/testing';
import plugin from './index';

/**
 * `zoo train --resume` continues exactly (see @zoo/core/testing's expectExactResume): the supervised
 * loop's shuffled mini-batches, and Joint A-SNN's per-epoch crop-and-flip augmentation.
 */
describe('snn resume', () => {
  it('a TTFS SNN on mini-batches, killed after the epoch-2 checkpoint', async () => {
    const runner = (await testZoo([plugin])).resolve(Runner);
    await expectExactResume(runner, 'snn/ttfs-b1-fc2@bars', { set: ['trainer.maxEpochs=6', 'trainer.patience=100'], mode: 'kill', every: 2, stopAt: 3 });
  });

  it('Joint A-SNN with random crop + flip, stopped by SIGTERM after epoch 1', async () => {
    const runner = (await testZoo([plugin])).resolve(Runner);
    await expectExactResume(runner, 'snn/joint-a-snn-resnet8@bars', { set: ['data.n=50', 'trainer.maxEpochs=2', 'trainer.batchSize=10', 'trainer.augment="crop-flip"'], mode: 'signal', stopAt: 1 });
  });
});
