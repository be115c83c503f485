import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadCheckpoint } from './checkpoint';
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
