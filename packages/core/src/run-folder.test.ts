import { spawnSync } from 'node:child_process';
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

  it('removes the temp folders a killed save left (a dead pid), keeps a live process’s, and recovers an interrupted last', () => {
    const dir = tempDir();
    const dead = spawnSync(process.execPath, ['-e', '']).pid!;
    const ck = (name: string) => {
      fs.mkdirSync(path.join(dir, name));
      fs.writeFileSync(path.join(dir, name, 'model.json'), '{}');
    };
    ck(`last.old-${dead}`); // the last good checkpoint, renamed away; `last` itself missing
    ck(`last.tmp-${dead}`);
    ck(`final.tmp-${dead}`);
    ck(`last.tmp-${process.pid}`); // a live save
    ck(`copy.tmp-${dead}`); // not the run's
    const lines: string[] = [];
    RunFolder.open(dir, { resume: true, log: (l) => lines.push(l) });
    expect(fs.readdirSync(dir).sort()).toEqual(['copy.tmp-' + dead, 'last', `last.tmp-${process.pid}`]);
    expect(lines).toEqual([
      `--out ${dir}: recovered last from an interrupted save (left by a killed run)`,
      `--out ${dir}: removed final.tmp-${dead} (left by a killed run)`,
      `--out ${dir}: removed last.tmp-${dead} (left by a killed run)`,
    ]);
    // with last in place, a dead process's old copy is just removed
    ck(`last.old-${dead}`);
    RunFolder.open(dir, { resume: true });
    expect(fs.readdirSync(dir).sort()).toEqual(['copy.tmp-' + dead, 'last', `last.tmp-${process.pid}`]);
  });

  it('diffs configs field by field and turns a config into --set overrides', () => {
    const a = { seed: 0, trainer: { lr: 0.01, maxEpochs: 60, sizes: [1, 2] }, model: { name: 'x' } };
    const b = { seed: 7, trainer: { lr: 0.5, maxEpochs: 60, sizes: [1, 2] }, model: { name: 'x' } };
    expect(configDiff(a, b, 'runs/x/config.json')).toEqual(['seed: 0 in runs/x/config.json, 7 now', 'trainer.lr: 0.01 in runs/x/config.json, 0.5 now']);
    expect(configDiff(a, a, 'f')).toEqual([]);
    expect(configAsOverrides(a)).toEqual(['seed=0', 'trainer.lr=0.01', 'trainer.maxEpochs=60', 'trainer.sizes=[1,2]', 'model.name="x"']);
  });
});
