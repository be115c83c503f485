import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as ts from 'typescript';
import { FileLock, LockHeldError, takeOver, thisCommand } from './file-lock';
import { tempDir } from './testing';

/** The lock module as plain JS in a temp folder, for child processes (no build needed). */
function compiledLockModule(): string {
  const dir = tempDir('zoo-lock-js-');
  for (const name of ['file-lock', 'errors', 'checkpoint-temps']) {
    const src = fs.readFileSync(path.join(__dirname, `${name}.ts`), 'utf8');
    fs.writeFileSync(path.join(dir, `${name}.js`), ts.transpileModule(src, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 } }).outputText);
  }
  return path.join(dir, 'file-lock.js');
}

/** A pid that was alive and is not any more. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', '']);
  return child.pid!;
}

const holderOf = (file: string) => JSON.parse(fs.readFileSync(file, 'utf8')) as { pid: number; host: string; started: string; command: string };

describe('FileLock', () => {
  it('refuses a second taker, naming the holder pid, command and start time; release lets the next one in', () => {
    const file = path.join(tempDir(), 'run', '.lock');
    const lock = FileLock.acquire(file, '--out runs/x', 'zoo train gnn/gcn@cora');
    const h = holderOf(file);
    expect(h).toEqual({ pid: process.pid, host: os.hostname(), started: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/), command: 'zoo train gnn/gcn@cora' });
    let err: unknown;
    try {
      FileLock.acquire(file, '--out runs/x', 'zoo train other');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(LockHeldError);
    expect((err as Error).message).toBe(`--out runs/x is in use by pid ${process.pid} (zoo train gnn/gcn@cora, since ${h.started}); if that process is gone, remove ${file}`);
    lock.release();
    expect(fs.existsSync(file)).toBe(false);
    FileLock.acquire(file, '--out runs/x').release();
  });

  it('takes over the lock of a dead pid, and garbage only once it is a few seconds old', () => {
    const file = path.join(tempDir(), 'out.json.lock');
    fs.writeFileSync(file, JSON.stringify({ pid: deadPid(), host: os.hostname(), started: '2026-01-01T00:00:00.000Z', command: 'zoo eval' }));
    const lock = FileLock.acquire(file, 'out.json');
    expect(holderOf(file).pid).toBe(process.pid);
    lock.release();

    fs.writeFileSync(file, '{"pid": 12');
    expect(() => FileLock.acquire(file, 'out.json')).toThrow(`out.json is in use: ${file} is being written (try again in a few seconds)`);
    const old = new Date(Date.now() - 60_000);
    fs.utimesSync(file, old, old);
    FileLock.acquire(file, 'out.json').release();
    expect(fs.existsSync(file)).toBe(false);
  });

  it('never takes over a live holder on another host', () => {
    const file = path.join(tempDir(), '.lock');
    fs.writeFileSync(file, JSON.stringify({ pid: deadPid(), host: 'elsewhere', started: '2026-01-01T00:00:00.000Z', command: 'zoo train a' }));
    expect(() => FileLock.acquire(file, '--out d')).toThrow(/^--out d is in use by pid \d+ on elsewhere \(zoo train a, since 2026-01-01T00:00:00.000Z\)/);
  });

  it('a taker that judged a lock stale never removes the lock another taker took over meanwhile', () => {
    const file = path.join(tempDir(), '.lock');
    const stale = JSON.stringify({ pid: deadPid(), host: os.hostname(), started: '2026-01-01T00:00:00.000Z', command: 'zoo train dead' });
    fs.writeFileSync(file, stale);
    // B read `stale` and decided to take it over; A got there first
    const a = FileLock.acquire(file, 'x', 'A');
    takeOver(file, stale); // B's takeover, late
    expect(holderOf(file).command).toBe('A');
    expect(() => FileLock.acquire(file, 'x', 'B')).toThrow(/in use by pid \d+ \(A, since/);
    expect(fs.readdirSync(path.dirname(file))).toEqual(['.lock']); // no takeover or temp files left
    a.release();
  });

  it('of processes racing for one stale lock, exactly one wins', async () => {
    const mod = compiledLockModule();
    for (let round = 0; round < 2; round++) {
      const file = path.join(tempDir(), '.lock');
      fs.writeFileSync(file, JSON.stringify({ pid: deadPid(), host: os.hostname(), started: '2026-01-01T00:00:00.000Z', command: 'zoo train dead' }));
      const startAt = Date.now() + 400;
      // each child spins until startAt, tries once, reports, and a winner holds until its stdin closes
      const script = `
        const { FileLock } = require(${JSON.stringify(mod)});
        while (Date.now() < ${startAt});
        try { FileLock.acquire(${JSON.stringify(file)}, 'x', 'racer'); console.log('won'); process.stdin.resume(); process.stdin.on('end', () => process.exit(0)); }
        catch (e) { console.log('refused ' + e.message); process.exit(0); }`;
      const children = Array.from({ length: 5 }, () => spawn(process.execPath, ['-e', script], { stdio: ['pipe', 'pipe', 'inherit'] }));
      const exited = children.map((c) => new Promise((resolve) => c.on('exit', resolve)));
      const lines = await Promise.all(children.map((c) => new Promise<string>((resolve) => c.stdout.once('data', (d: Buffer) => resolve(String(d).trim())))));
      expect(lines.filter((l) => l === 'won')).toHaveLength(1);
      for (const l of lines.filter((x) => x !== 'won')) expect(l).toMatch(/^refused x is in use by pid \d+ \(racer, since /);
      for (const c of children) c.stdin.end();
      await Promise.all(exited);
      expect(fs.existsSync(file)).toBe(false); // the winner released it at exit
    }
  });

  it('is released at process exit and on a signal nobody handles (which still ends the process)', async () => {
    const mod = compiledLockModule();
    for (const ending of ['process.exit(3)', "process.kill(process.pid, 'SIGTERM'); setTimeout(() => {}, 10000)"]) {
      const file = path.join(tempDir(), '.lock');
      const r = spawnSync(process.execPath, ['-e', `require(${JSON.stringify(mod)}).FileLock.acquire(${JSON.stringify(file)}, 'x'); ${ending}`]);
      expect(fs.existsSync(file)).toBe(false);
      expect({ status: r.status, signal: r.signal }).toEqual(ending.startsWith('process.exit') ? { status: 3, signal: null } : { status: null, signal: 'SIGTERM' });
    }
  });

  it('names the command as typed', () => {
    expect(thisCommand(['/usr/bin/node', '/x/bin/zoo.js', 'train', 'gnn/gcn@cora', '--out', 'runs/x'])).toBe('zoo train gnn/gcn@cora --out runs/x');
  });
});
