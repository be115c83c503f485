import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { tempDir } from '@zoo/core/testing';

/**
 * Two `zoo` processes (the built CLI: `npx tsc -b packages/cli` first) writing one output: the first
 * holds its lock while its run waits at a gate (a file the test creates), so the second one surely
 * starts while the first is running; neither result may be lost or mixed.
 */
const ROOT = path.join(__dirname, '..', '..', '..');
const ID = 'toy/softmax@blobs';

function gatedPlugin(dir: string): string {
  const entry = path.join(dir, 'gated-toy-plugin.js');
  fs.writeFileSync(
    entry,
    `const fs = require('node:fs');
const { toyPlugin } = require(${JSON.stringify(path.join(ROOT, 'packages/core/dist/testing/index.js'))});
const gate = ${JSON.stringify(path.join(dir, 'go'))};
const datasets = toyPlugin.datasets.map((d) => d.id !== 'blobs' ? d : { ...d, async load(c, ctx) {
  while (!fs.existsSync(gate)) await new Promise((r) => setTimeout(r, 20));
  return d.load(c, ctx);
} });
exports.default = { ...toyPlugin, datasets };
`,
  );
  return entry;
}

interface Done {
  code: number | null;
  signal: NodeJS.Signals | null;
  out: string;
  err: string;
}

function zooChild(dir: string, args: string[]): { child: ChildProcess; done: Promise<Done> } {
  const child = spawn(process.execPath, [path.join(ROOT, 'packages/cli/bin/zoo.js'), ...args], {
    cwd: dir,
    env: { ...process.env, ZOO_PLUGINS: gatedPlugin(dir), ZOO_BACKEND: 'cpu' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout!.on('data', (d: Buffer) => (out += String(d)));
  child.stderr!.on('data', (d: Buffer) => (err += String(d)));
  // a guard, not a measurement: a child stuck at its gate would otherwise hang the suite
  const guard = setTimeout(() => child.kill('SIGKILL'), 90_000);
  const done = new Promise<Done>((resolve) => child.on('exit', (code, signal) => (clearTimeout(guard), resolve({ code, signal, out, err }))));
  return { child, done };
}

async function until(cond: () => boolean): Promise<void> {
  while (!cond()) await new Promise((r) => setTimeout(r, 20));
}

const lastLine = (s: string) => s.trim().split('\n').pop();

describe('concurrent zoo commands on one output', () => {
  it('two evals with one --json FILE: the second is refused naming the first, whose rows are all written', async () => {
    const dir = tempDir();
    const json = path.join(dir, 'same.json');
    const args = ['eval', ID, '--jobs', '1', '--set', 'trainer.maxEpochs=3', '--json', json];
    const a = zooChild(dir, args);
    await until(() => fs.existsSync(`${json}.lock`));
    const b = await zooChild(dir, [...args, '--csv', path.join(dir, 'b.csv')]).done;
    expect(b.code).toBe(1);
    expect(lastLine(b.err)).toMatch(new RegExp(`^zoo: --json ${json} is in use by pid ${a.child.pid} \\(zoo eval ${ID} .*, since \\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z\\); if that process is gone, remove ${json}\\.lock$`));
    expect(fs.existsSync(path.join(dir, 'b.csv.lock'))).toBe(false); // its other lock was let go
    fs.writeFileSync(path.join(dir, 'go'), '');
    const ra = await a.done;
    expect(ra.code).toBe(0);
    const rows = JSON.parse(fs.readFileSync(json, 'utf8')) as { recipe: string; metric: string; status: string }[];
    expect(rows.map((r) => [r.recipe, r.metric, r.status])).toEqual([
      [ID, 'accuracy', 'ok'],
      [ID, 'micro_f1', 'ok'],
    ]);
    expect(fs.readdirSync(dir).sort()).toEqual(['gated-toy-plugin.js', 'go', 'same.json']); // no lock or temp file left
  });

  it('two trains into one --out: the second is refused before touching the folder; a killed holder’s lock is taken over', async () => {
    const dir = tempDir();
    const out = path.join(dir, 'run');
    const args = ['train', ID, '--out', out, '--set', 'trainer.maxEpochs=3'];
    const a = zooChild(dir, args);
    await until(() => fs.existsSync(path.join(out, '.lock')));
    for (const extra of [[], ['--overwrite'], ['--resume']]) {
      const b = await zooChild(dir, [...args, ...extra]).done;
      expect(b.code).toBe(1);
      expect(lastLine(b.err)).toMatch(new RegExp(`^zoo: --out ${out} is in use by pid ${a.child.pid} \\(zoo train ${ID} --out ${out} --set trainer.maxEpochs=3, since `));
    }
    fs.writeFileSync(path.join(dir, 'go'), '');
    const ra = await a.done;
    expect(ra.code).toBe(0);
    expect(ra.out).toMatch(/\(3 epochs,/);
    expect(fs.readdirSync(out).sort()).toEqual(['config.json', 'final']);

    // a holder killed with SIGKILL leaves its lock; the next run takes it over (its pid is dead)
    fs.rmSync(path.join(dir, 'go'));
    const killed = zooChild(dir, [...args, '--overwrite']);
    await until(() => fs.existsSync(path.join(out, '.lock')));
    killed.child.kill('SIGKILL');
    expect((await killed.done).signal).toBe('SIGKILL');
    expect(fs.existsSync(path.join(out, '.lock'))).toBe(true);
    fs.writeFileSync(path.join(dir, 'go'), '');
    const next = await zooChild(dir, [...args, '--overwrite', '--set', 'trainer.maxEpochs=2']).done;
    expect(next.code).toBe(0);
    expect(next.out).toMatch(/\(2 epochs,/);
    expect(fs.existsSync(path.join(out, '.lock'))).toBe(false);
  });
});
