import { tf } from '@zoo/core';
import { dualAmnStepBench } from './dual-amn-step';

describe('zoo bench dual-amn-step', () => {
  it('times steps on a small synthetic graph and reports one row per implementation; no leaks', async () => {
    const before = tf.memory().numTensors;
    const lines: string[] = [];
    const rows = await dualAmnStepBench.run({ log: (l) => lines.push(l), args: ['--entities', '40', '--steps', '2', '--no-torch'] });
    expect(rows).toEqual([expect.objectContaining({ name: 'dual-amn-step', impl: expect.stringMatching(/^zoo \(/), graph: 'synthetic (80 entities)', torch_ms: null, ratio: null })]);
    expect(rows[0].ms).toBeGreaterThan(0);
    expect(lines.filter((l) => /^zoo dual-amn step \d/.test(l))).toHaveLength(3); // warm-up + 2
    expect(tf.memory().numTensors).toBe(before);
  }, 60_000);

  it('names the bad option', async () => {
    const run = (args: string[]) => dualAmnStepBench.run({ log: () => {}, args });
    await expect(run(['--steps', '0'])).rejects.toThrow(/--steps expects a positive integer, got '0'/);
    await expect(run(['--dataset', 'nope'])).rejects.toThrow(/unknown --dataset 'nope'/);
    await expect(run(['--entities', '5'])).rejects.toThrow(/--entities expects an integer ≥ 20/);
  });
});
