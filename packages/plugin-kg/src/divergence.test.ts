import { DivergedError, Runner, tf } from '@zoo/core';
import { testZoo } from '@zoo/core/testing';
import { cslsRanks } from './csls';
import plugin from './index';

describe('kg: a diverged run is never a result', () => {
  it('dual-amn@kg-synthetic with lr=1e30 fails with a DivergedError (it used to report hits_at_1 1.0000), leaking nothing', async () => {
    const runner = (await testZoo([plugin])).resolve(Runner);
    const before = tf.memory().numTensors;
    const err = await runner.run('kg/dual-amn@kg-synthetic', { set: ['trainer.lr=1e30', 'trainer.maxEpochs=3'] }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DivergedError);
    expect((err as Error).message).toMatch(/^training diverged at epoch \d of 3.*: (training loss is NaN|parameters? .* NaN or ±Inf); no checkpoint \(run without --out\)/);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('CSLS refuses NaN scores instead of ranking nothing above the true partner', () => {
    const before = tf.memory().numTensors;
    const q = tf.tensor2d([[1, 0], [Number.NaN, 0]]);
    const c = tf.tensor2d([[1, 0], [0, 1]]);
    expect(() => cslsRanks(q, c, 1)).toThrow(/^CSLS: the score of query \d+ against candidate \d+ is NaN: the embeddings are not finite/);
    tf.dispose([q, c]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('declares the chance level of a random ranking: Hits@1 = 1/candidates', async () => {
    const runner = (await testZoo([plugin])).resolve(Runner);
    const r = await runner.run('kg/dual-amn@kg-synthetic', { set: ['trainer.maxEpochs=1'] });
    expect(r.chance!.hits_at_1).toBeCloseTo(1 / 210, 12);
    expect(r.chance!.hits_at_10).toBeCloseTo(10 / 210, 12);
    expect(r.chance!.mrr).toBeGreaterThan(1 / 210);
  });
});
