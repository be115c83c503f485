import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadCheckpoint } from './checkpoint';
import { Runner } from './runner';
import { tempDir, testZoo, toyPlugin } from './testing';
import { tf } from './tf';
import type { Callback } from './contracts/trainer';

describe('Runner', () => {
  it('trains the toy recipe to high accuracy, deterministically, without leaking tensors', async () => {
    const runner = (await testZoo([toyPlugin])).resolve(Runner);
    const before = tf.memory().numTensors;
    const a = await runner.run('toy/softmax@blobs');
    const b = await runner.run('toy/softmax@blobs');
    const c = await runner.run('toy/softmax@blobs', { seed: 1 });
    expect(tf.memory().numTensors).toBe(before);
    expect(a.metrics.accuracy).toBeGreaterThan(0.9);
    expect(a.metrics.micro_f1).toBe(a.metrics.accuracy);
    expect(b.metrics).toEqual(a.metrics);
    expect(c.config.seed).toBe(1);
    expect(a.backend).toBe(process.env.ZOO_TEST_BACKEND ?? 'cpu');
  });

  it('reports every optimizer step of an epoch to the callbacks (batch k of n)', async () => {
    const runner = (await testZoo([toyPlugin])).resolve(Runner);
    const seen: string[] = [];
    const cb = { onBatchEnd: (s: { epoch: number }, p: { batch: number; batches: number }) => void seen.push(`${s.epoch}:${p.batch}/${p.batches}`) };
    const r = await runner.run('toy/softmax@blobs', { set: ['trainer.maxEpochs=2', 'trainer.batchSize=50'], callbacks: [cb] });
    expect(r.epochs).toBe(2);
    const n = Math.ceil(180 / 50); // 300 blobs, 60% train
    expect(seen).toEqual([0, 1].flatMap((e) => Array.from({ length: n }, (_, i) => `${e}:${i + 1}/${n}`)));
  });

  it('writes config and checkpoints, and --resume continues to the same result as one straight run', async () => {
    const runner = (await testZoo([toyPlugin])).resolve(Runner);
    const set = ['trainer.maxEpochs=40', 'trainer.patience=1000', 'trainer.checkpointEvery=10'];
    const straight = await runner.run('toy/softmax@blobs', { set });

    const out = tempDir();
    // stop at epoch 25 as if killed (last checkpoint: epoch 20), then resume with the full budget
    const stopAt20: Callback = { onEpochEnd: (s, l) => void (l.epoch === 24 && (s.stop = true)) };
    await runner.run('toy/softmax@blobs', { set, outDir: out, callbacks: [stopAt20] });
    const ck = loadCheckpoint(path.join(out, 'last'));
    expect(ck.meta.epoch).toBe(20);
    expect(Object.keys(ck.groups)).toEqual(expect.arrayContaining(['model', 'optimizer', 'best']));
    tf.dispose(Object.values(ck.groups).flatMap((g) => Object.values(g)));
    expect(JSON.parse(fs.readFileSync(path.join(out, 'config.json'), 'utf8')).recipe).toBe('toy/softmax@blobs');

    const resumed = await runner.run('toy/softmax@blobs', { set, outDir: out, resume: true });
    expect(resumed.epochs).toBe(straight.epochs);
    expect(resumed.metrics.accuracy).toBeCloseTo(straight.metrics.accuracy, 6);
    expect(fs.readdirSync(out).sort()).toEqual(['config.json', 'final', 'last']);
  });

  it('refuses to resume another recipe or without --out', async () => {
    const runner = (await testZoo([toyPlugin])).resolve(Runner);
    await expect(runner.run('toy/softmax@blobs', { resume: true })).rejects.toThrow(/--resume needs --out/);
  });

  it('evaluates over seeds into rows; missing data is skipped, corrupt data failed with the line', async () => {
    const runner = (await testZoo([toyPlugin])).resolve(Runner);
    const rows = await runner.evaluate(runner.plan(['toy/*'], undefined, 2), { set: ['trainer.maxEpochs=20'] });
    expect(rows.map((r) => [r.recipe, r.metric, r.status])).toEqual([
      ['toy/softmax@blobs', 'accuracy', 'ok'],
      ['toy/softmax@blobs', 'micro_f1', 'ok'],
      ['toy/softmax@blobs-file', 'accuracy', 'skipped'],
    ]);
    expect(rows[0]).toMatchObject({ seeds: 2, paper: 0.95, backend: process.env.ZOO_TEST_BACKEND ?? 'cpu', reason: null });
    expect(rows[0].std).toBeGreaterThanOrEqual(0);
    expect(rows[2].reason).toContain(path.join('blobs', 'blobs.csv'));

    const dir = tempDir();
    fs.mkdirSync(path.join(dir, 'blobs'));
    fs.writeFileSync(path.join(dir, 'blobs', 'blobs.csv'), '0,0,0\n1,1,1\n1,oops,1\n');
    const bad = await runner.evaluate(runner.plan(['toy/softmax@blobs-file']), { dataDir: dir });
    expect(bad[0].status).toBe('failed');
    expect(bad[0].reason).toMatch(/blobs\.csv line 3/);

    const lines = Array.from({ length: 90 }, (_, i) => `${i % 3 === 0 ? 2 : -2},${i % 3 === 1 ? 2 : -2},${i % 3}`);
    fs.writeFileSync(path.join(dir, 'blobs', 'blobs.csv'), lines.join('\n'));
    const good = await runner.evaluate(runner.plan(['toy/softmax@blobs-file']), { dataDir: dir });
    expect(good[0].status).toBe('ok');
    expect(good[0].mean).toBeGreaterThan(0.9);
  });

  it('plans once and evaluates a plan; a plan sliced in shards gives the same rows run by run', async () => {
    const runner = (await testZoo([toyPlugin])).resolve(Runner);
    const plan = runner.plan(['toy/softmax@blobs'], ['smoke'], 3);
    expect(plan.runs.map((r) => `${r.recipe.id}#${r.seed}`)).toEqual(['toy/softmax@blobs#0', 'toy/softmax@blobs#1', 'toy/softmax@blobs#2']);
    const set = ['trainer.maxEpochs=5'];
    const seen: string[] = [];
    const whole = await runner.evaluate(plan, { set, onRunDone: (r, seed) => void seen.push(`${r.recipe}#${seed}`) });
    expect(seen).toEqual(['toy/softmax@blobs#0', 'toy/softmax@blobs#1', 'toy/softmax@blobs#2']);
    expect(whole[0].seeds).toBe(3);
    // each seed on its own: the shards' single-seed means are the whole plan's per-seed values
    const perSeed = await Promise.all([0, 1, 2].map((i) => runner.evaluate(plan.shard(i, 3), { set })));
    const values = perSeed.map((rows) => rows[0].mean!);
    expect(whole[0].mean).toBeCloseTo(values.reduce((a, b) => a + b, 0) / 3, 12);
    // jobs 2 through an in-process execute: the same rows but the timing
    const twice = await runner.evaluate(plan, { set, jobs: 2, execute: (r, o) => runner.run(r.recipe.id, { ...o, seed: r.seed }) });
    expect(twice.map(({ seconds: _s, ...r }) => r)).toEqual(whole.map(({ seconds: _s, ...r }) => r));
  });
});
