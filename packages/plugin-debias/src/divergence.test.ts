import { DivergedError, Runner, tf } from '@zoo/core';
import { testZoo } from '@zoo/core/testing';
import plugin from './index';

describe('debias: a diverged run is never a result', () => {
  it('jtt@biased-bars with lr=1e30 fails through the shared guard, naming the stage and step, leaking nothing', async () => {
    const runner = (await testZoo([plugin])).resolve(Runner);
    const before = tf.memory().numTensors;
    const err = await runner.run('debias/jtt@biased-bars', { set: ['trainer.lr=1e30'] }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DivergedError);
    expect((err as Error).message).toMatch(/^training diverged at epoch \d+ of \d+, step \d+ of \d+ \(jtt: identification \(ERM\), step \d+ of 8\): training loss is (NaN|-?Infinity); no checkpoint \(run without --out\)/);
    expect(tf.memory().numTensors).toBe(before);
  });
});
