import * as fs from 'node:fs';
import * as path from 'node:path';
import { tempDir } from '@zoo/core/testing';
import { main } from './main';
import { WorkerPool } from './worker-pool';

const fixture = path.join(__dirname, 'testing', 'toy-plugin-entry.ts');

async function zoo(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const o = jest.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => ((out += String(s)), true));
  const e = jest.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => ((err += String(s)), true));
  try {
    const code = await main(['node', 'zoo', ...args]);
    return { code, out, err };
  } finally {
    o.mockRestore();
    e.mockRestore();
  }
}

describe('zoo CLI', () => {
  beforeAll(() => {
    process.env.ZOO_PLUGINS = fixture;
    process.env.ZOO_BACKEND = 'cpu';
  });

  it('list --json gives {id, plugin, model, dataset, tier, paper} and filters by glob', async () => {
    const r = await zoo('list', 'toy/*', '--json');
    expect(r.code).toBe(0);
    const rows = JSON.parse(r.out);
    expect(rows).toEqual([
      { id: 'toy/softmax@blobs', plugin: 'toy', model: 'softmax', dataset: 'blobs', tier: 'smoke', paper: [{ metric: 'accuracy', value: 0.95, ref: { title: 'A made-up paper for tests', year: 2024 }, where: 'Table 1, row softmax' }] },
      { id: 'toy/softmax@blobs-file', plugin: 'toy', model: 'softmax', dataset: 'blobs-file', tier: 'cpu', paper: null },
    ]);
  });

  it('config prints the merged config; a bad --set names the field and exits non-zero', async () => {
    const ok = await zoo('config', 'toy/softmax@blobs', '--set', 'trainer.lr=0.5');
    expect(JSON.parse(ok.out).trainer.lr).toBe(0.5);
    const bad = await zoo('config', 'toy/softmax@blobs', '--set', 'trainer.lr=abc');
    expect(bad.code).toBe(1);
    expect(bad.err.trim()).toBe('zoo: config field trainer.lr: expected number, received string (got "abc")');
  });

  it('unknown recipes and missing plugins are one clear line', async () => {
    const r = await zoo('train', 'toy/nope@blobs');
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/zoo: unknown recipe 'toy\/nope@blobs'/);
    const p = await zoo('info', 'face/x@y');
    expect(p.err).toMatch(/npm install @zoo\/plugin-face/);
    const q = await zoo('info', 'newpaper/x@y');
    expect(q.err.trim()).toBe("zoo: recipe 'newpaper/x@y' needs plugin 'newpaper', which is not installed: npm install @zoo/plugin-newpaper");
  });

  it('eval writes JSON and CSV rows; missing data is skipped (exit 0, or 1 with --strict)', async () => {
    const dir = tempDir();
    const json = path.join(dir, 'r.json');
    const csv = path.join(dir, 'r.csv');
    const r = await zoo('eval', 'toy/*', '--seeds', '2', '--jobs', '1', '--json', json, '--csv', csv, '--set', 'trainer.maxEpochs=10');
    expect(r.code).toBe(0);
    const rows = JSON.parse(fs.readFileSync(json, 'utf8'));
    expect(rows.map((x: { status: string }) => x.status)).toEqual(['ok', 'ok', 'skipped']);
    expect(Object.keys(rows[0]).sort()).toEqual(['backend', 'mean', 'metric', 'paper', 'reason', 'recipe', 'seconds', 'seeds', 'status', 'std', 'unit'].sort());
    expect(rows.map((x: { unit: string }) => x.unit)).toEqual(['fraction', 'fraction', 'fraction']);
    expect(fs.readFileSync(csv, 'utf8').split('\n')[0]).toBe('recipe,metric,mean,std,seeds,paper,seconds,backend,status,reason,unit');
    expect(r.out).toMatch(/toy\/softmax@blobs/);
    expect(r.out).toMatch(/1 ok, 1 skipped, 0 failed/);
    const strict = await zoo('eval', 'toy/softmax@blobs-file', '--strict', '--jobs', '1');
    expect(strict.code).toBe(1);
  });

  it('info prints the reported value with its reference (title, year, arXiv id, where)', async () => {
    const r = await zoo('info', 'toy/softmax@blobs');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^reported: accuracy = 0\.95 \(A made-up paper for tests \(2024\); Table 1, row softmax\)$/m);
  });

  it('train writes checkpoints under --out and --resume continues', async () => {
    const out = tempDir();
    const r = await zoo('train', 'toy/softmax@blobs', '--out', out, '--set', 'trainer.maxEpochs=20', '--set', 'trainer.checkpointEvery=5', '--set', 'trainer.patience=100');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/toy\/softmax@blobs: test accuracy \d\.\d{4}/);
    expect(fs.readdirSync(out).sort()).toEqual(['config.json', 'final', 'last']);
    const again = await zoo('train', 'toy/softmax@blobs', '--out', out, '--resume', '--set', 'trainer.maxEpochs=20', '--set', 'trainer.checkpointEvery=5', '--set', 'trainer.patience=100');
    expect(again.code).toBe(0);
    expect(again.err).toMatch(/resuming toy\/softmax@blobs at epoch 20/);
  });

  it('doctor lists every backend with why it does or does not start, and the one zoo runs on', async () => {
    const r = await zoo('doctor');
    expect(r.code).toBe(0);
    for (const b of ['tfjs-node-gpu', 'tfjs-node', 'blas', 'wasm', 'cpu']) expect(r.out).toMatch(new RegExp(`^(ok|no) +${b} `, 'm'));
    expect(r.out).toMatch(/^ok +cpu +starts/m);
    expect(r.out).toMatch(/^zoo runs on: cpu \(ZOO_BACKEND\)$/m);
    expect(r.out).toMatch(/^plugins: .*\btoy 0\.0\.0/m);
  });

  it('a worker pool whose workers cannot start fails runs with the reason instead of hanging', async () => {
    const pool = new WorkerPool(2, 'cpu', path.join(tempDir(), 'missing-worker.js'));
    await expect(pool.run({ recipe: { id: 'toy/softmax@blobs' }, seed: 0 }, {})).rejects.toThrow(/eval worker died|no eval worker left/);
    await expect(pool.run({ recipe: { id: 'toy/softmax@blobs' }, seed: 1 }, {})).rejects.toThrow(/Cannot find module|no eval worker left/);
    await pool.close();
  });
});
