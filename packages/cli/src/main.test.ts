import * as fs from 'node:fs';
import * as path from 'node:path';
import { tempDir } from '@zoo/core/testing';
import { WorkerPool } from './worker-pool';
import { runZoo } from './testing/run-zoo';

const zoo = (...args: string[]) => runZoo(args);

const fixture = path.join(__dirname, 'testing', 'toy-plugin-entry.ts');

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
    const proto = await zoo('config', 'toy/softmax@blobs', '--set', '__proto__.polluted=1');
    expect(proto.code).toBe(1);
    expect(proto.err.trim()).toBe("zoo: --set '__proto__.polluted=1': '__proto__' cannot be a config field name (it would reach the prototype of every object)");
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    const huge = await zoo('config', 'toy/softmax@blobs', '--set', 'trainer.maxEpochs=1e12');
    expect(huge.err.trim()).toBe('zoo: config field trainer.maxEpochs: expected an integer from 1 to 1000000 (got 1000000000000)');
  });

  it('eval refuses --seeds and --jobs beyond their limits before running anything', async () => {
    const seeds = await zoo('eval', 'toy/*', '--seeds', '1e9');
    expect([seeds.code, seeds.err.trim()]).toEqual([1, "zoo: --seeds '1e9': expected a positive integer (digits only, e.g. 3)"]);
    const many = await zoo('eval', 'toy/*', '--seeds', '1000000000');
    expect(many.err.trim()).toBe('zoo: --seeds 1000000000: at most 1000 seeds per recipe');
    const cores = require('node:os').availableParallelism() as number;
    const jobs = await zoo('eval', 'toy/*', '--jobs', String(cores + 1));
    expect([jobs.code, jobs.err.trim()]).toEqual([1, `zoo: --jobs ${cores + 1}: this machine has ${cores} core${cores === 1 ? '' : 's'}, so at most ${cores} (add --jobs-force to start ${cores + 1} workers anyway)`]);
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
    expect(Object.keys(rows[0]).sort()).toEqual(['atChance', 'backend', 'chance', 'data', 'mean', 'metric', 'paper', 'reason', 'recipe', 'seconds', 'seeds', 'status', 'std', 'unit'].sort());
    expect(rows.map((x: { data: string | null }) => x.data)).toEqual(['synthetic', 'synthetic', null]);
    expect(rows.map((x: { unit: string }) => x.unit)).toEqual(['fraction', 'fraction', 'fraction']);
    expect(fs.readFileSync(csv, 'utf8').split('\n')[0]).toBe('recipe,metric,mean,std,seeds,paper,seconds,backend,status,reason,unit,chance,atChance');
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

  describe('typo help, globs, --json [FILE], --data-dir, plugin problems (issue 16)', () => {
    /** Runs `zoo` with the current folder set to a fresh temp folder (so a stray file would land there). */
    async function zooIn(dir: string, ...args: string[]) {
      const cwd = process.cwd();
      process.chdir(dir);
      try {
        return await zoo(...args);
      } finally {
        process.chdir(cwd);
      }
    }

    async function withPlugins<T>(entries: string[], f: () => Promise<T>): Promise<T> {
      const prev = process.env.ZOO_PLUGINS;
      process.env.ZOO_PLUGINS = [fixture, ...entries].join(path.delimiter);
      try {
        return await f();
      } finally {
        process.env.ZOO_PLUGINS = prev;
      }
    }

    it('a misspelt recipe, plugin or --set key names the closest installed one (no `npm install @zoo/plugin-<typo>`)', async () => {
      const recipe = await zoo('info', 'toy/sotfmax@blobs');
      expect(recipe.code).toBe(1);
      expect(recipe.err).toBe("zoo: unknown recipe 'toy/sotfmax@blobs'; did you mean toy/softmax@blobs?\n");
      const plugin = await zoo('train', 'tyo/softmax@blobs');
      expect(plugin.err).toMatch(/^zoo: recipe 'tyo\/softmax@blobs': no plugin 'tyo' is installed; did you mean 'toy' \(toy\/softmax@blobs\)\? \(installed: .*toy.*\)\n$/m);
      expect(plugin.err).not.toMatch(/npm install/);
      const key = await zoo('config', 'toy/softmax@blobs', '--set', 'trainer.lrr=0.5');
      expect(key.code).toBe(1);
      expect(key.err).toBe('zoo: config field trainer.lrr: unknown field; did you mean trainer.lr?\n');
      const list = await zoo('list', 'toy/sotfmax@blobs');
      expect(list.out).toBe("no recipes match 'toy/sotfmax@blobs'; did you mean toy/softmax@blobs?\n");
      const ev = await zoo('eval', 'toy/softmax@blobs-file', '--tier', 'smoke', '--jobs', '1');
      expect(ev.code).toBe(1);
      expect(ev.err).toMatch(/zoo: no installed recipe matches toy\/softmax@blobs-file in tiers smoke; 'toy\/softmax@blobs-file' matches recipes of tier cpu only \(add --tier cpu\)\n$/);
    });

    it('globs: brace lists and classes work, * crosses /, a bad glob is one line naming it', async () => {
      const ids = async (glob: string) => JSON.parse((await zoo('list', glob, '--json')).out).map((r: { id: string }) => r.id);
      expect(await ids('toy/softmax@{blobs,nope}')).toEqual(['toy/softmax@blobs']);
      expect(await ids('toy/softmax@blob[s]')).toEqual(['toy/softmax@blobs']);
      expect(await ids('*@blobs*')).toEqual(['toy/softmax@blobs', 'toy/softmax@blobs-file']);
      expect(await ids('t?y/*')).toEqual(['toy/softmax@blobs', 'toy/softmax@blobs-file']);
      const bad = await zoo('list', 'toy/{softmax,sgc');
      expect(bad.code).toBe(1);
      expect(bad.err).toBe(`zoo: bad glob 'toy/{softmax,sgc': missing closing "}" (quote a literal bracket with a backslash)\n`);
      const badEval = await zoo('eval', 'toy/[x', '--jobs', '1');
      expect(badEval.err).toMatch(/^zoo: bad glob 'toy\/\[x': missing closing "\]"/m);
    });

    it("--json before a recipe id prints that recipe's rows and writes no file named after it", async () => {
      const dir = tempDir();
      const r = await zooIn(dir, 'eval', '--json', 'toy/softmax@blobs', '--tier', 'smoke,cpu', '--jobs', '1', '--set', 'trainer.maxEpochs=5');
      expect(r.code).toBe(0);
      expect(fs.readdirSync(dir)).toEqual([]);
      const rows = JSON.parse(r.out);
      expect([...new Set(rows.map((x: { recipe: string }) => x.recipe))]).toEqual(['toy/softmax@blobs']);
      expect(r.err).toMatch(/^1 ok, 0 skipped, 0 failed$/m);
      // --json FILE (ending in .json) still writes the file, after the table; --json - is stdout
      const f = await zooIn(dir, 'list', 'toy/*', '--json', 'list.json');
      expect(f.out).toMatch(/toy\/softmax@blobs/);
      expect(JSON.parse(fs.readFileSync(path.join(dir, 'list.json'), 'utf8'))).toHaveLength(2);
      expect(JSON.parse((await zoo('list', '--json', '-', 'toy/*')).out)).toHaveLength(2);
      const info = JSON.parse((await zoo('info', '--json', 'toy/softmax@blobs')).out);
      expect(info).toMatchObject({ id: 'toy/softmax@blobs', tier: 'smoke', metrics: ['accuracy', 'micro_f1'], config: { seed: 0 } });
      expect(JSON.parse((await zoo('config', 'toy/softmax@blobs', '--json')).out).trainer.lr).toBe(0.1);
      await zooIn(dir, 'config', '--json', 'c.json', 'toy/softmax@blobs');
      expect(JSON.parse(fs.readFileSync(path.join(dir, 'c.json'), 'utf8')).trainer.lr).toBe(0.1);
    });

    it('a --data-dir that does not exist is an error naming it; a row read from --data-dir names the path', async () => {
      const missing = path.join(tempDir(), 'nonexistent');
      for (const cmd of ['eval', 'train']) {
        const r = await zoo(cmd, 'toy/softmax@blobs', '--data-dir', missing, '--jobs', '1');
        expect(r.code).toBe(1);
        expect(r.err).toBe(`zoo: --data-dir ${missing}: no such folder\n`);
      }
      const dataDir = tempDir();
      fs.mkdirSync(path.join(dataDir, 'blobs'));
      const lines = Array.from({ length: 40 }, (_, i) => `${i % 2 ? 1 : -1},${(i % 3) / 3},${i % 2}`);
      fs.writeFileSync(path.join(dataDir, 'blobs', 'blobs.csv'), lines.join('\n'));
      const r = await zoo('eval', 'toy/*', '--data-dir', dataDir, '--json', '--jobs', '1', '--set', 'trainer.maxEpochs=3');
      expect(r.code).toBe(0);
      const rows = JSON.parse(r.out) as { recipe: string; data: string }[];
      expect(rows.map((x) => [x.recipe, x.data])).toEqual([
        ['toy/softmax@blobs', 'synthetic'],
        ['toy/softmax@blobs', 'synthetic'],
        ['toy/softmax@blobs-file', path.join(dataDir, 'blobs', 'blobs.csv')],
      ]);
    });

    it('two plugins named alike: every command says which two packages, and doctor exits 1 reporting it', async () => {
      const dir = tempDir();
      const twin = path.join(dir, 'twin.js');
      fs.writeFileSync(twin, "exports.plugin = { meta: { name: 'toy', version: '9.9.9' }, models: [], datasets: [], recipes: [] };");
      await withPlugins([twin], async () => {
        const list = await zoo('list');
        expect(list.code).toBe(1);
        expect(list.err).toMatch(new RegExp(`^zoo: two plugins named 'toy': .*toy-plugin-entry\\.ts 0\\.0\\.0 \\(.*\\) and ${twin.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} 9\\.9\\.9 \\(${dir.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}\\)`));
        const doctor = await zoo('doctor');
        expect(doctor.code).toBe(1);
        expect(doctor.out).toMatch(/^problem: two plugins named 'toy': /m);
        const json = await zoo('doctor', '--json');
        expect(json.code).toBe(1);
        expect(JSON.parse(json.out).problems).toEqual([expect.stringMatching(/^two plugins named 'toy'/)]);
      });
    });

    it('a plugin folder that is not built is reported with what to run, not a bare "no recipes match"', async () => {
      const dev = path.join(tempDir(), 'zoo-plugin-mine');
      fs.mkdirSync(dev);
      fs.writeFileSync(path.join(dev, 'package.json'), JSON.stringify({ name: 'zoo-plugin-mine', zoo: { plugin: 'dist/index.js' }, scripts: { build: 'tsc' } }));
      await withPlugins([dev], async () => {
        const r = await zoo('list', 'mine/*');
        expect(r.code).toBe(0);
        expect(r.err).toContain(`plugin failed to load: zoo-plugin-mine (${fs.realpathSync(dev)}): dist/index.js does not exist; the plugin is not built: run \`npm install && npm run build\` in ${fs.realpathSync(dev)}`);
        expect(r.out).toMatch(/^no recipes match 'mine\/\*'; .* \(1 plugin failed to load: see the warning above, or `zoo doctor`\)\n$/);
        const doctor = await zoo('doctor');
        expect(doctor.code).toBe(1);
        expect(doctor.out).toMatch(/^problem: plugin failed to load: zoo-plugin-mine .*npm install && npm run build/m);
      });
    });
  });
});
