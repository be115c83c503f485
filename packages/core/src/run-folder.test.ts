import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { configAsOverrides, configDiff, RUN_LOCK, RunFolder } from './run-folder';
import { tempDir } from './testing';

describe('RunFolder', () => {
  it('takes a new or empty folder, refuses one that holds something unless resume or overwrite', () => {
    const parent = tempDir();
    const fresh = path.join(parent, 'a', 'b');
    RunFolder.open(fresh, {}).close();
    expect(fs.existsSync(fresh)).toBe(true);
    RunFolder.open(fresh, {}).close(); // still empty
    fs.writeFileSync(path.join(fresh, 'config.json'), '{}');
    fs.mkdirSync(path.join(fresh, 'last'));
    fs.writeFileSync(path.join(fresh, 'notes.txt'), 'mine');
    expect(() => RunFolder.open(fresh, {})).toThrow(`--out ${fresh} already holds a run (config.json, last, notes.txt): add --resume to continue it or --overwrite to start over`);
    RunFolder.open(fresh, { resume: true }).close();
    RunFolder.open(fresh, { overwrite: true }).close();
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
    ck(`last.tmp-${dead}-7f3a`); // a writer that adds a suffix to its pid
    ck(`final.tmp-${dead}`);
    ck(`last.tmp-${process.pid}`); // a live save
    ck(`copy.tmp-${dead}`); // not the run's
    const lines: string[] = [];
    RunFolder.open(dir, { resume: true, log: (l) => lines.push(l) }).close();
    expect(fs.readdirSync(dir).sort()).toEqual(['copy.tmp-' + dead, 'last', `last.tmp-${process.pid}`]);
    expect(lines).toEqual([
      `--out ${dir}: recovered last from an interrupted save (left by a killed run)`,
      `--out ${dir}: removed final.tmp-${dead} (left by a killed run)`,
      `--out ${dir}: removed last.tmp-${dead} (left by a killed run)`,
      `--out ${dir}: removed last.tmp-${dead}-7f3a (left by a killed run)`,
    ]);
    // with last in place, a dead process's old copy is just removed
    ck(`last.old-${dead}`);
    RunFolder.open(dir, { resume: true }).close();
    expect(fs.readdirSync(dir).sort()).toEqual(['copy.tmp-' + dead, 'last', `last.tmp-${process.pid}`]);
  });

  it('locks the folder until close: a second run, resume or overwrite is refused naming the holder, and the lock is not a run file', () => {
    const dir = tempDir();
    const first = RunFolder.open(dir, { command: 'zoo train toy/softmax@blobs --out d' });
    expect(fs.readdirSync(dir)).toEqual([RUN_LOCK]);
    fs.writeFileSync(path.join(dir, 'config.json'), '{}');
    for (const opts of [{}, { resume: true }, { overwrite: true }]) {
      expect(() => RunFolder.open(dir, opts)).toThrow(new RegExp(`^--out ${dir} is in use by pid ${process.pid} \\(zoo train toy/softmax@blobs --out d, since \\d{4}-`));
    }
    expect(fs.readdirSync(dir).sort()).toEqual([RUN_LOCK, 'config.json']); // the refused overwrite removed nothing
    first.close();
    expect(fs.readdirSync(dir)).toEqual(['config.json']);
    // a refused open (already holds a run) leaves no lock behind
    expect(() => RunFolder.open(dir, {})).toThrow(/already holds a run \(config\.json\)/);
    RunFolder.open(dir, { overwrite: true }).close();
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it('diffs configs field by field and turns a config into --set overrides', () => {
    const a = { seed: 0, trainer: { lr: 0.01, maxEpochs: 60, sizes: [1, 2] }, model: { name: 'x' } };
    const b = { seed: 7, trainer: { lr: 0.5, maxEpochs: 60, sizes: [1, 2] }, model: { name: 'x' } };
    expect(configDiff(a, b, 'runs/x/config.json')).toEqual(['seed: 0 in runs/x/config.json, 7 now', 'trainer.lr: 0.01 in runs/x/config.json, 0.5 now']);
    expect(configDiff(a, a, 'f')).toEqual([]);
    expect(configAsOverrides(a)).toEqual(['seed=0', 'trainer.lr=0.01', 'trainer.maxEpochs=60', 'trainer.sizes=[1,2]', 'model.name="x"']);
  });
});
