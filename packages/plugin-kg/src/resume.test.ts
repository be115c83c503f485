import * as fs from 'node:fs';
import * as path from 'node:path';
import { Runner } from '@zoo/core';
import { expectExactResume, testZoo } from '@zoo/core/testing';
import plugin from './index';

/**
 * `zoo train --resume` of Dual-AMN continues exactly, bootstrapping rounds included (the pairs found
 * so far are in the checkpoint's `extra`), and a checkpoint whose bootstrapped pairs are not entity-id
 * pairs is refused naming the field.
 */
describe('kg resume', () => {
  it('Dual-AMN with a bootstrapping round, killed after the epoch-4 checkpoint', async () => {
    const runner = (await testZoo([plugin])).resolve(Runner);
    const set = ['trainer.maxEpochs=3', 'trainer.rounds=1', 'trainer.roundEpochs=3'];
    const { resumed } = await expectExactResume(runner, 'kg/dual-amn@kg-synthetic', { set, mode: 'kill', every: 4, stopAt: 5 });
    expect(resumed.epochs).toBe(6);
  });

  it('refuses bootstrapped pairs that are not pairs of entity ids', async () => {
    const runner = (await testZoo([plugin])).resolve(Runner);
    const out = fs.mkdtempSync(path.join(require('node:os').tmpdir(), 'zoo-kg-'));
    const set = ['trainer.maxEpochs=3', 'trainer.rounds=1', 'trainer.roundEpochs=3', 'trainer.checkpointEvery=4'];
    await runner.run('kg/dual-amn@kg-synthetic', { set, outDir: out });
    const file = path.join(out, 'last', 'model.json');
    const j = JSON.parse(fs.readFileSync(file, 'utf8'));
    expect(j.zoo.extra.bootstrapped.length % 2).toBe(0);
    j.zoo.extra.bootstrapped = [1, 2, 3];
    fs.writeFileSync(file, JSON.stringify(j));
    await expect(runner.run('kg/dual-amn@kg-synthetic', { outDir: out, resume: true })).rejects.toThrow(`checkpoint ${file}: zoo.extra.bootstrapped: 3 entity ids, expected pairs (an even count)`);
    j.zoo.extra.bootstrapped = [1, -2];
    fs.writeFileSync(file, JSON.stringify(j));
    await expect(runner.run('kg/dual-amn@kg-synthetic', { outDir: out, resume: true })).rejects.toThrow(`checkpoint ${file}: zoo.extra.bootstrapped[1]: Too small`);
  });
});
