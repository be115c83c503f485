import { tf } from '@zoo/core';
import { dualAmnStepBench } from './dual-amn-step';

describe('zoo bench dual-amn-step', () => {
  it('times steps on a small synthetic graph and reports one row per implementation; no leaks', async () => {
    const before = tf.memory().numTensors;
    const lines: string[] = [];
    const options = dualAmnStepBench.parse(['--entities', '40', '--steps', '2', '--no-torch']);
    expect(options).toEqual({ dataset: 'dbp15k-zh_en', steps: 2, entities: 40, torch: false });
    const rows = await dualAmnStepBench.run(options, { log: (l) => lines.push(l) });
    expect(rows).toEqual([expect.objectContaining({ name: 'dual-amn-step', impl: expect.stringMatching(/^zoo \(/), graph: 'synthetic (80 entities)', torch_ms: null, ratio: null })]);
    expect(rows[0].ms).toBeGreaterThan(0);
    expect(lines.filter((l) => /^zoo dual-amn step \d/.test(l))).toHaveLength(3); // warm-up + 2
    expect(tf.memory().numTensors).toBe(before);
  }, 60_000);

  it('reads --data-dir as text and defaults the rest', () => {
    expect(dualAmnStepBench.parse(['--data-dir', '../shared/data'])).toEqual({ dataDir: '../shared/data', dataset: 'dbp15k-zh_en', steps: 5, entities: 19480, torch: true });
  });

  it('a bad option names the flag and what was expected', () => {
    const parse = (args: string[]) => () => dualAmnStepBench.parse(args);
    expect(parse(['--steps', '0'])).toThrow('bench dual-amn-step option --steps: Too small: expected number to be >=1 (got "0")');
    expect(parse(['--steps', 'many'])).toThrow('bench dual-amn-step option --steps: expected number, received string (got "many")');
    expect(parse(['--dataset', 'nope'])).toThrow(/^bench dual-amn-step option --dataset: expected one of .*"dbp15k-zh_en".* \(got "nope"\)$/);
    expect(parse(['--entities', '5'])).toThrow('bench dual-amn-step option --entities: Too small: expected number to be >=20 (got "5")');
    expect(parse(['--entitis', '50'])).toThrow('bench dual-amn-step option --entitis: unknown option; did you mean --entities? (options: --data-dir, --dataset, --steps, --entities, --torch)');
    // the words of the issue: `zoo bench dual-amn-step -- --stpes 1 --bogus`
    expect(parse(['--stpes', '1', '--bogus'])).toThrow('bench dual-amn-step option --stpes: unknown option; did you mean --steps?');
  });
});
