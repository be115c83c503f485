import * as fs from 'node:fs';
import * as path from 'node:path';
import { configAsOverrides, configDiff, RunFolder } from './run-folder';
import { tempDir } from './testing';

describe('RunFolder', () => {
  it('takes a new or empty folder, refuses one that holds something unless resume or overwrite', () => {
    const parent = tempDir();
    const fresh = path.join(parent, 'a', 'b');
    RunFolder.open(fresh, {});
    expect(fs.existsSync(fresh)).toBe(true);
    RunFolder.open(fresh, {}); // still empty
    fs.writeFileSync(path.join(fresh, 'config.json'), '{}');
    fs.mkdirSync(path.join(fresh, 'last'));
    fs.writeFileSync(path.join(fresh, 'notes.txt'), 'mine');
    expect(() => RunFolder.open(fresh, {})).toThrow(`--out ${fresh} already holds a run (config.json, last, notes.txt): add --resume to continue it or --overwrite to start over`);
    RunFolder.open(fresh, { resume: true });
    RunFolder.open(fresh, { overwrite: true });
    expect(fs.readdirSync(fresh)).toEqual(['notes.txt']); // only the run's own files go
    expect(() => RunFolder.open(fresh, { resume: true, overwrite: true })).toThrow(/exclude each other/);
  });

  it('diffs configs field by field and turns a config into --set overrides', () => {
    const a = { seed: 0, trainer: { lr: 0.01, maxEpochs: 60, sizes: [1, 2] }, model: { name: 'x' } };
    const b = { seed: 7, trainer: { lr: 0.5, maxEpochs: 60, sizes: [1, 2] }, model: { name: 'x' } };
    expect(configDiff(a, b, 'runs/x/config.json')).toEqual(['seed: 0 in runs/x/config.json, 7 now', 'trainer.lr: 0.01 in runs/x/config.json, 0.5 now']);
    expect(configDiff(a, a, 'f')).toEqual([]);
    expect(configAsOverrides(a)).toEqual(['seed=0', 'trainer.lr=0.01', 'trainer.maxEpochs=60', 'trainer.sizes=[1,2]', 'model.name="x"']);
  });
});
