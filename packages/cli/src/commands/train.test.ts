import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadCheckpoint, tf } from '@zoo/core';
import { tempDir } from '@zoo/core/testing';
import { runZoo } from '../testing/run-zoo';

const zoo = (...args: string[]) => runZoo(args);

const ROOT = path.join(__dirname, '..', '..', '..', '..');
const ID = 'toy/softmax@blobs';

/** `zoo train` in a child process (the built CLI, `npx tsc -b` first) with the toy plugin; SIGTERM once `killAfter` epochs are reported. */
function trainInChild(args: string[], killAfter: number): Promise<{ code: number | null; signal: NodeJS.Signals | null; err: string }> {
  const entry = path.join(tempDir(), 'toy-plugin.js');
  fs.writeFileSync(entry, `exports.default = require(${JSON.stringify(path.join(ROOT, 'packages/core/dist/testing/index.js'))}).toyPlugin;\n`);
  const child = spawn(process.execPath, [path.join(ROOT, 'packages/cli/bin/zoo.js'), 'train', ...args], {
    env: { ...process.env, ZOO_PLUGINS: entry, ZOO_BACKEND: 'cpu' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let err = '';
  let sent = false;
  // a guard, not a measurement: a child that ignores SIGTERM would otherwise hang the suite
  const guard = setTimeout(() => child.kill('SIGKILL'), 60_000);
  child.stderr.on('data', (d: Buffer) => {
    err += String(d);
    if (!sent && new RegExp(`${ID} epoch ${killAfter}/`).test(err)) {
      sent = true;
      child.kill('SIGTERM');
    }
  });
  return new Promise((resolve) => child.on('exit', (code, signal) => (clearTimeout(guard), resolve({ code, signal, err }))));
}

describe('zoo train', () => {
  beforeAll(() => {
    process.env.ZOO_PLUGINS = path.join(__dirname, '..', 'testing', 'toy-plugin-entry.ts');
    process.env.ZOO_BACKEND = 'cpu';
  });

  it('SIGTERM writes a resumable checkpoint at the epoch boundary and exits 143 saying how to resume', async () => {
    const out = path.join(tempDir(), 'run');
    const set = ['--set', 'trainer.maxEpochs=100000', '--set', 'trainer.patience=100000', '--set', 'trainer.checkpointEvery=100000', '--set', 'trainer.batchSize=32'];
    const r = await trainInChild([ID, '--out', out, ...set], 3);
    expect({ code: r.code, signal: r.signal }).toEqual({ code: 143, signal: null });
    const last = r.err.trim().split('\n').pop()!;
    const m = /^zoo: interrupted by SIGTERM after epoch (\d+): checkpoint saved in (.*); continue with `(.*)`$/.exec(last);
    expect(m).not.toBeNull();
    const [, epoch, dir, hint] = m!;
    expect(dir).toBe(path.join(out, 'last'));
    expect(hint).toBe(`zoo train ${ID} --out ${out} --resume`);
    const ck = loadCheckpoint(dir);
    tf.dispose(Object.values(ck.groups).flatMap((g) => Object.values(g)));
    expect(ck.meta.epoch).toBe(Number(epoch));
    expect(Number(epoch)).toBeGreaterThanOrEqual(3);
    expect(Object.keys(ck.meta.rng as object)).toContain('trainer/shuffle');
    expect(fs.existsSync(path.join(out, 'final'))).toBe(false);

    // resumable: the stored config, with the budget cut (a change, so --force)
    const end = Number(epoch) + 2;
    const refused = await zoo('train', ID, '--out', out, '--resume', '--set', `trainer.maxEpochs=${end}`);
    expect(refused.code).toBe(1);
    expect(refused.err.trim().split('\n').pop()).toBe(`zoo: --resume with another config than the run's: trainer.maxEpochs: 100000 in ${path.join(out, 'config.json')}, ${end} now (add --force to resume with it anyway)`);
    const resumed = await zoo('train', ID, '--out', out, '--resume', '--force', '--set', `trainer.maxEpochs=${end}`);
    expect(resumed.code).toBe(0);
    expect(resumed.err).toContain(`resuming ${ID} at epoch ${epoch} from ${path.join(out, 'last')}`);
    expect(resumed.out).toMatch(new RegExp(`^${ID}: test accuracy \\d\\.\\d{4}, micro_f1 \\d\\.\\d{4} \\(${end} epochs,`));
  });

  it('refuses an existing --out unless --resume or --overwrite', async () => {
    const out = tempDir();
    expect((await zoo('train', ID, '--out', out, '--set', 'trainer.maxEpochs=2')).code).toBe(0);
    const again = await zoo('train', ID, '--out', out, '--set', 'trainer.maxEpochs=3');
    expect(again.code).toBe(1);
    expect(again.err.trim().split('\n').pop()).toBe(`zoo: --out ${out} already holds a run (config.json, final): add --resume to continue it or --overwrite to start over`);
    const over = await zoo('train', ID, '--out', out, '--overwrite', '--set', 'trainer.maxEpochs=3');
    expect(over.code).toBe(0);
    expect(over.out).toMatch(/\(3 epochs,/);
    expect((await zoo('train', ID, '--out', out, '--resume', '--overwrite')).err).toMatch(/--resume and --overwrite exclude each other/);
  });

  it('lists the run folder rules, the exit codes and examples in its help', async () => {
    const r = await zoo('train', '--help');
    expect(r.out).toMatch(/--force/);
    expect(r.out).toMatch(/--overwrite/);
    expect(r.out).toMatch(/130 interrupted by SIGINT, 143 by SIGTERM/);
    expect(r.out).toMatch(/zoo train gnn\/gcn@cora --out runs\/gcn --resume\n/);
  });
});
