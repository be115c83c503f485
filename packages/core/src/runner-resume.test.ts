import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadCheckpoint, saveCheckpoint } from './checkpoint';
import type { Callback } from './contracts/trainer';
import { ZooError } from './errors';
import { Runner } from './runner';
import { expectExactResume, tempDir, testZoo, toyPlugin } from './testing';
import { tf } from './tf';
import { RunInterrupted } from './trainer/interrupt';

const ID = 'toy/softmax@blobs';
/** Mini-batches: the trainer's shuffle stream is drawn every epoch. */
const SET = ['trainer.maxEpochs=30', 'trainer.patience=1000', 'trainer.batchSize=32'];

async function runner(): Promise<Runner> {
  return (await testZoo([toyPlugin])).resolve(Runner);
}

function abortAfter(epochs: number, signal: 'SIGINT' | 'SIGTERM'): { signal: AbortSignal; callback: Callback } {
  const c = new AbortController();
  return { signal: c.signal, callback: { onEpochEnd: (_s, l) => void (l.epoch + 1 === epochs && c.abort(signal)) } };
}

function readConfig(out: string): Record<string, any> {
  return JSON.parse(fs.readFileSync(path.join(out, 'config.json'), 'utf8'));
}

describe('Runner --resume', () => {
  it('continues every random stream: stopped by a signal or killed after a checkpoint, the result is the straight run’s', async () => {
    const r = await runner();
    const before = tf.memory().numTensors;
    await expectExactResume(r, ID, { set: SET, mode: 'signal', stopAt: 7 });
    await expectExactResume(r, ID, { set: SET, mode: 'kill', every: 10, stopAt: 14 });
    expect(tf.memory().numTensors).toBe(before);
  });

  it('saves the stream states in last/ and says where, with the exit code of the signal', async () => {
    const r = await runner();
    const out = tempDir();
    const stop = abortAfter(3, 'SIGINT');
    const err = await r.run(ID, { set: SET, outDir: out, signal: stop.signal, callbacks: [stop.callback], resumeHint: `zoo train ${ID} --out ${out} --resume` }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RunInterrupted);
    expect((err as RunInterrupted).exitCode).toBe(130);
    expect((err as Error).message).toBe(`interrupted by SIGINT after epoch 3: checkpoint saved in ${path.join(out, 'last')}; continue with \`zoo train ${ID} --out ${out} --resume\``);
    const ck = loadCheckpoint(path.join(out, 'last'));
    tf.dispose(Object.values(ck.groups).flatMap((g) => Object.values(g)));
    expect(ck.meta.epoch).toBe(3);
    expect(Object.keys(ck.meta.rng as object)).toEqual(expect.arrayContaining(['data', 'model', 'trainer', 'trainer/shuffle']));

    const bare = abortAfter(2, 'SIGTERM');
    const err2 = await r.run(ID, { set: SET, signal: bare.signal, callbacks: [bare.callback] }).catch((e: unknown) => e);
    expect((err2 as RunInterrupted).exitCode).toBe(143);
    expect((err2 as Error).message).toBe('interrupted by SIGTERM after epoch 2: nothing saved (no --out)');
  });

  it('uses the stored config (earlier --set included) and leaves config.json alone', async () => {
    const r = await runner();
    const out = tempDir();
    const stop = abortAfter(4, 'SIGTERM');
    await expect(r.run(ID, { set: [...SET, 'trainer.maxEpochs=12'], outDir: out, signal: stop.signal, callbacks: [stop.callback] })).rejects.toThrow(RunInterrupted);
    const text = fs.readFileSync(path.join(out, 'config.json'), 'utf8');
    const resumed = await r.run(ID, { outDir: out, resume: true });
    expect(resumed.epochs).toBe(12);
    expect(resumed.config.trainer.maxEpochs).toBe(12);
    expect(fs.readFileSync(path.join(out, 'config.json'), 'utf8')).toBe(text);
    // the same --set again is no change
    await r.run(ID, { outDir: out, resume: true, set: ['trainer.maxEpochs=12'] });
  });

  it('refuses another config or seed, naming each field; --force takes it and records the change', async () => {
    const r = await runner();
    const out = tempDir();
    const stop = abortAfter(4, 'SIGTERM');
    await expect(r.run(ID, { set: SET, outDir: out, signal: stop.signal, callbacks: [stop.callback] })).rejects.toThrow(RunInterrupted);
    const file = path.join(out, 'config.json');
    const text = fs.readFileSync(file, 'utf8');
    const err = await r.run(ID, { outDir: out, resume: true, set: ['trainer.lr=0.5', 'seed=7'] }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ZooError);
    expect((err as Error).message).toBe(`--resume with another config than the run's: seed: 0 in ${file}, 7 now; trainer.lr: 0.1 in ${file}, 0.5 now (add --force to resume with it anyway)`);
    expect(fs.readFileSync(file, 'utf8')).toBe(text);

    const forced = await r.run(ID, { outDir: out, resume: true, force: true, set: ['trainer.lr=0.5'] });
    expect(forced.config.trainer.lr).toBe(0.5);
    expect(forced.config.trainer.maxEpochs).toBe(30);
    expect(readConfig(out).trainer.lr).toBe(0.5);
    const records = fs.readFileSync(path.join(out, 'resumes.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(records).toEqual([{ epoch: 4, forced: true, changes: [`trainer.lr: 0.1 in ${file}, 0.5 now`] }]);
    await expect(r.run(ID, { set: SET, force: true })).rejects.toThrow('--force only applies with --resume');
  });

  it('refuses an --out that holds a run unless --resume or --overwrite', async () => {
    const r = await runner();
    const out = tempDir();
    await r.run(ID, { set: ['trainer.maxEpochs=3'], outDir: out });
    const text = fs.readFileSync(path.join(out, 'config.json'), 'utf8');
    await expect(r.run(ID, { set: ['trainer.maxEpochs=5'], outDir: out })).rejects.toThrow(`--out ${out} already holds a run (config.json, final): add --resume to continue it or --overwrite to start over`);
    expect(fs.readFileSync(path.join(out, 'config.json'), 'utf8')).toBe(text);
    expect(fs.existsSync(path.join(out, '.lock'))).toBe(false); // released after a run and after a refusal
    const again = await r.run(ID, { set: ['trainer.maxEpochs=5'], outDir: out, overwrite: true });
    expect(again.epochs).toBe(5);
    expect(readConfig(out).trainer.maxEpochs).toBe(5);
  });

  it('holds the folder lock for the whole run (a second run into it is refused) and releases it when the run fails', async () => {
    const r = await runner();
    const out = tempDir();
    let second: unknown;
    const during: Callback = {
      onEpochEnd: async (_s, l) => {
        if (l.epoch !== 1) return;
        second = await r.run(ID, { set: ['trainer.maxEpochs=2'], outDir: out, overwrite: true }).catch((e: unknown) => e);
        throw new Error('boom at epoch 2');
      },
    };
    await expect(r.run(ID, { set: ['trainer.maxEpochs=5'], outDir: out, callbacks: [during] })).rejects.toThrow('boom at epoch 2');
    expect(second).toBeInstanceOf(ZooError);
    expect((second as Error).message).toMatch(new RegExp(`^--out ${out} is in use by pid ${process.pid} \\(`));
    expect(fs.readdirSync(out)).not.toContain('.lock');
    expect((await r.run(ID, { set: ['trainer.maxEpochs=2'], outDir: out, overwrite: true })).epochs).toBe(2);
  });
});

describe('Runner --resume refuses a checkpoint that does not fit, naming the file and the field', () => {
  /** A run stopped by SIGTERM after epoch 4 (its `last/` at epoch 4). */
  async function stopped(r: Runner): Promise<{ out: string; last: string; file: string }> {
    const out = tempDir();
    const stop = abortAfter(4, 'SIGTERM');
    await expect(r.run(ID, { set: SET, outDir: out, signal: stop.signal, callbacks: [stop.callback] })).rejects.toThrow(RunInterrupted);
    const last = path.join(out, 'last');
    return { out, last, file: path.join(last, 'model.json') };
  }
  const editJson = (file: string, edit: (j: any) => void) => {
    const j = JSON.parse(fs.readFileSync(file, 'utf8'));
    edit(j);
    fs.writeFileSync(file, JSON.stringify(j));
  };
  /** Re-saves `last` with its groups changed by `edit` (the metadata kept). */
  async function resave(last: string, edit: (groups: Record<string, tf.NamedTensorMap>) => tf.Tensor[]): Promise<void> {
    const ck = loadCheckpoint(last);
    const made = edit(ck.groups);
    await saveCheckpoint(last, ck);
    tf.dispose([...made, ...Object.values(ck.groups).flatMap((g) => Object.values(g))]);
  }
  async function refusal(r: Runner, out: string, opts: { force?: boolean } = {}): Promise<string> {
    const before = tf.memory().numTensors;
    const err = await r.run(ID, { outDir: out, resume: true, ...opts }).catch((e: unknown) => e);
    expect(tf.memory().numTensors).toBe(before);
    expect(err).toBeInstanceOf(ZooError);
    return (err as Error).message;
  }

  it('a flipped byte in weights.bin (it used to resume and train on it)', async () => {
    const r = await runner();
    const { out, last } = await stopped(r);
    const bin = path.join(last, 'weights.bin');
    const b = fs.readFileSync(bin);
    b[3] ^= 0x80;
    fs.writeFileSync(bin, b);
    expect(await refusal(r, out)).toBe(`checkpoint ${bin}: contents do not match the manifest's SHA-256 (corrupted or replaced)`);
  });

  it('epoch "abc" (it used to resume "at epoch NaN") or no epoch', async () => {
    const r = await runner();
    const { out, file } = await stopped(r);
    editJson(file, (j) => (j.zoo.epoch = 'abc'));
    expect(await refusal(r, out)).toBe(`checkpoint ${file}: zoo.epoch: expected number, received string (got "abc")`);
    editJson(file, (j) => delete j.zoo.epoch);
    expect(await refusal(r, out)).toBe(`checkpoint ${file}: zoo.epoch: missing (a resumable checkpoint records the epoch it continues at)`);
    editJson(file, (j) => (j.zoo.epoch = 1e9));
    expect(await refusal(r, out)).toMatch(new RegExp(`^checkpoint ${file}: zoo.epoch: epoch 1000000000 is past the run's \\d+ epochs`));
  });

  it('a weight of the wrong shape, a missing and an extra weight, before any is assigned', async () => {
    const r = await runner();
    const { out, last, file } = await stopped(r);
    await resave(last, (g) => {
      const made = [g.model.w, g.model.b];
      g.model.w = tf.zeros([2, 4]);
      delete g.model.b;
      g.model.extra = tf.zeros([1]);
      made.push(g.model.w, g.model.extra);
      return made;
    });
    expect(await refusal(r, out)).toBe(
      `checkpoint ${file}: weightsManifest: the model weights do not fit the model (3): model/w: saved [2,4] float32, model has [2,3] float32; model/b: missing (model has [3] float32); model/extra: saved [1] float32, not a weight of the model`,
    );
  });

  it('early stopping’s best weights or its counters that do not fit', async () => {
    const r = await runner();
    const { out, last, file } = await stopped(r);
    const good = fs.readFileSync(file, 'utf8');
    editJson(file, (j) => (j.zoo.extra.earlyStopping.wait = -1));
    expect(await refusal(r, out)).toMatch(`checkpoint ${file}: zoo.extra.earlyStopping.wait: Too small`);
    fs.writeFileSync(file, good);
    editJson(file, (j) => (j.zoo.extra.earlyStopping.bestEpoch = 9));
    expect(await refusal(r, out)).toBe(`checkpoint ${file}: zoo.extra.earlyStopping.bestEpoch: 9 is not before the saved epoch 4`);
    fs.writeFileSync(file, good);
    await resave(last, (g) => {
      const made = [g.best.w];
      g.best.w = tf.zeros([3, 3]);
      return [...made, g.best.w];
    });
    expect(await refusal(r, out)).toBe(`checkpoint ${file}: weightsManifest: the best weights do not fit the model (1): best/w: saved [3,3] float32, model has [2,3] float32`);
  });

  it('optimizer slots a fresh optimizer could not take', async () => {
    const r = await runner();
    const { out, last, file } = await stopped(r);
    await resave(last, (g) => {
      const k = Object.keys(g.optimizer).find((n) => n.endsWith('/m'))!;
      const made = [g.optimizer[k]];
      g.optimizer[k] = tf.zeros([5]);
      return [...made, g.optimizer[k]];
    });
    expect(await refusal(r, out)).toMatch(new RegExp(`^checkpoint ${file}: optimizer/\\d{4}__.*/m: saved \\[5\\] float32, no trained variable has shape \\[5\\]$`));
  });

  it('a bad random-stream state, or none for a stream of the run', async () => {
    const r = await runner();
    const { out, file } = await stopped(r);
    editJson(file, (j) => (j.zoo.rng['trainer/shuffle'] = -1));
    expect(await refusal(r, out)).toMatch(`checkpoint ${file}: zoo.rng.trainer/shuffle: Too small`);
    editJson(file, (j) => (j.zoo.rng['trainer/shuffle'] = 'x'));
    expect(await refusal(r, out)).toBe(`checkpoint ${file}: zoo.rng.trainer/shuffle: expected number, received string (got "x")`);
    editJson(file, (j) => delete j.zoo.rng['trainer/shuffle']);
    expect(await refusal(r, out)).toBe(`checkpoint ${file}: zoo.rng: no saved state for the run's stream(s) trainer/shuffle (saved: data, model, trainer; --force resumes with fresh streams)`);
    editJson(file, (j) => delete j.zoo.rng);
    expect(await refusal(r, out)).toMatch(`checkpoint ${file}: zoo.rng: no saved state for the run's stream(s) `);
  });

  it('another recipe', async () => {
    const r = await runner();
    const { out, file } = await stopped(r);
    const err = await r.run('toy/softmax@blobs-file', { outDir: out, resume: true }).catch((e: unknown) => e);
    expect((err as Error).message).toBe(`checkpoint ${file}: zoo.recipe: is for ${ID}, not toy/softmax@blobs-file`);
  });

  it('another zoo or plugin version (major.minor): refused with both named, --force resumes and records it', async () => {
    const r = await runner();
    const { out, file } = await stopped(r);
    const meta = JSON.parse(fs.readFileSync(file, 'utf8')).zoo;
    expect(meta.zooVersion).toBe(require('../package.json').version);
    expect(meta.plugin).toEqual({ name: 'toy', version: toyPlugin.meta.version });
    editJson(file, (j) => (j.zoo.zooVersion = '9.8.0'));
    expect(await refusal(r, out)).toBe(`--resume of a checkpoint from another zoo version: zoo core 9.8.0 in ${file}, ${meta.zooVersion} now (add --force to resume it anyway)`);
    editJson(file, (j) => {
      j.zoo.zooVersion = meta.zooVersion.replace(/\d+$/, '99'); // another patch: same format and numbers
      j.zoo.plugin.version = '0.7.1';
    });
    expect(await refusal(r, out)).toBe(`--resume of a checkpoint from another zoo version: plugin toy 0.7.1 in ${file}, ${toyPlugin.meta.version} now (add --force to resume it anyway)`);
    const forced = await r.run(ID, { outDir: out, resume: true, force: true });
    expect(forced.epochs).toBe(30);
    const records = fs.readFileSync(path.join(out, 'resumes.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(records).toEqual([{ epoch: 4, forced: true, changes: [`plugin toy 0.7.1 in ${file}, ${toyPlugin.meta.version} now`] }]);
  });

  it('a run folder with stale temp folders of a killed save resumes after removing them', async () => {
    const r = await runner();
    const { out } = await stopped(r);
    const dead = require('node:child_process').spawnSync(process.execPath, ['-e', '']).pid as number;
    fs.mkdirSync(path.join(out, `last.tmp-${dead}`));
    fs.renameSync(path.join(out, 'last'), path.join(out, `last.old-${dead}`)); // killed between the renames
    const resumed = await r.run(ID, { outDir: out, resume: true });
    expect(resumed.epochs).toBe(30);
    expect(fs.readdirSync(out).sort()).toEqual(['config.json', 'final', 'last']);
  });
});
