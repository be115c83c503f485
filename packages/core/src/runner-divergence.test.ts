import * as fs from 'node:fs';
import * as path from 'node:path';
import { DivergedError } from './errors';
import { Runner } from './runner';
import { tempDir, testZoo, toyPlugin } from './testing';
import { tf } from './tf';

/**
 * A diverged run is never a result. Softmax regression on separable blobs survives lr=1e30 alone (its
 * loss is ~1e28 but finite, and it still separates the blobs); with weight decay the penalty overflows.
 */
const DIVERGE = ['trainer.lr=1e30', 'trainer.weightDecay=1', 'trainer.maxEpochs=10'];

describe('Runner: diverged runs', () => {
  it('train: lr=1e30 throws a DivergedError naming the step and the last good checkpoint, leaking nothing', async () => {
    const runner = (await testZoo([toyPlugin])).resolve(Runner);
    const before = tf.memory().numTensors;
    const err = await runner.run('toy/softmax@blobs', { set: DIVERGE }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DivergedError);
    expect((err as Error).message).toMatch(/^training diverged at epoch \d+ of 10, step 1 of 1: training loss is Infinity; no checkpoint \(run without --out\)/);
    expect(tf.memory().numTensors).toBe(before);

    const out = tempDir();
    const withOut = await runner.run('toy/softmax@blobs', { set: [...DIVERGE, 'trainer.checkpointEvery=1'], outDir: out }).catch((e: unknown) => e);
    expect((withOut as Error).message).toMatch(new RegExp(`last good checkpoint: ${path.join(out, 'last').replace(/[/\\]/g, '.')} \\(epoch \\d+\\)`));
    expect(fs.existsSync(path.join(out, 'final'))).toBe(false);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('eval: the diverged recipe is failed with its reason and no mean; the table data carries chance', async () => {
    const runner = (await testZoo([toyPlugin])).resolve(Runner);
    const rows = await runner.evaluate(runner.plan(['toy/softmax@blobs']), { set: DIVERGE });
    expect(rows.map((r) => [r.metric, r.status, r.mean])).toEqual([
      ['accuracy', 'failed', null],
      ['micro_f1', 'failed', null],
    ]);
    expect(rows[0].reason).toMatch(/^training diverged at epoch/);
    // accuracy's chance is the recipe's declared 1/3 even without a result; micro_f1's comes from a run
    expect(rows.map((r) => [r.chance, r.atChance])).toEqual([
      [1 / 3, false],
      [null, false],
    ]);
  });

  it('a healthy run reports each metric with its chance level, not at chance', async () => {
    const runner = (await testZoo([toyPlugin])).resolve(Runner);
    const r = await runner.run('toy/softmax@blobs', { set: ['trainer.maxEpochs=30'] });
    expect(r.chance).toEqual({ accuracy: 1 / 3, micro_f1: 1 / 3 });
    const rows = await runner.evaluate(runner.plan(['toy/softmax@blobs']), { set: ['trainer.maxEpochs=30'] });
    expect(rows.map((x) => [x.status, x.atChance])).toEqual([
      ['ok', false],
      ['ok', false],
    ]);
  });
});
