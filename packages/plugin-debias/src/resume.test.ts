import { Runner } from '@zoo/core';
import { expectExactResume, tempDir, testZoo } from '@zoo/core/testing';
import plugin from './index';

/**
 * `zoo train --resume` continues exactly for the step-counted debias trainers: ERM (shuffled passes,
 * SGD momentum) and LfF (two networks, two optimizers, loss EMAs). An "epoch" is ⌈N / batch⌉ steps.
 */
/** 64 training images in batches of 16: an epoch is 4 steps. */
const SMALL = ['data.train=64', 'data.test=100', 'trainer.batchSize=16'];

describe('debias resume', () => {
  it('ERM stopped by SIGTERM after epoch 2 of 4', async () => {
    const runner = (await testZoo([plugin])).resolve(Runner);
    await expectExactResume(runner, 'debias/erm@biased-bars', { set: [...SMALL, 'trainer.iters=14'], mode: 'signal', stopAt: 2 });
  });

  it('LfF killed after the epoch-2 checkpoint', async () => {
    const runner = (await testZoo([plugin])).resolve(Runner);
    await expectExactResume(runner, 'debias/lff@biased-bars', { set: [...SMALL, 'trainer.iters=14'], mode: 'kill', every: 2, stopAt: 3 });
  });

  it('the multi-stage JTT refuses --resume instead of restarting on trained weights', async () => {
    const runner = (await testZoo([plugin])).resolve(Runner);
    const out = tempDir();
    const stop = new AbortController();
    await runner.run('debias/jtt@biased-bars', { set: SMALL, outDir: out, signal: stop.signal, callbacks: [{ onEpochEnd: () => stop.abort('SIGTERM') }] }).catch(() => undefined);
    await expect(runner.run('debias/jtt@biased-bars', { outDir: out, resume: true })).rejects.toThrow('the jtt trainer cannot resume');
  });
});
