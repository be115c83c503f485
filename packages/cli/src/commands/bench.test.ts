import * as fs from 'node:fs';
import * as path from 'node:path';
import { tempDir } from '@zoo/core/testing';
import { ZooError } from '@zoo/core';
import { main } from '../main';
import { loadBenchProviders, NO_BENCHES, runBenchCommand, type BenchEntry, type BenchProvider } from './bench';

/** A bench that records what it was given: parse turns `--k v` pairs into an object. */
function recordingBench(id: string, seen: unknown[]): BenchEntry {
  return {
    id,
    description: `the ${id} bench`,
    parse: (args) => {
      if (args.includes('--bad')) throw new ZooError(`bench ${id} option --bad: unknown option`);
      return { args };
    },
    run: async (o) => {
      seen.push(o);
      return [{ id, n: 1 }];
    },
    table: (rows) => `table of ${rows.length} row(s) from ${id}`,
    help: () => ['--k   a knob'],
  };
}

function io(providers: BenchProvider[]) {
  let out = '';
  return { io: { out: (s: string) => void (out += s), log: () => {}, providers: () => providers }, out: () => out };
}

describe('zoo bench (commands/bench.ts)', () => {
  it('with no bench provider installed, says where the benchmarks ship in one line', async () => {
    const t = io([]);
    await runBenchCommand(undefined, [], { list: true }, t.io);
    expect(t.out()).toBe(`${NO_BENCHES}\n`);
    await expect(runBenchCommand(undefined, [], {}, t.io)).rejects.toThrow(new ZooError(NO_BENCHES));
    await expect(runBenchCommand('gnn-scale', [], {}, t.io)).rejects.toThrow(NO_BENCHES);
  });

  it('runs the default bench with --only/--backends as its options, a named one with the words after --, and writes --json', async () => {
    const seen: unknown[] = [];
    const provider: BenchProvider = { packageName: '@zoo/bench', benches: [recordingBench('backends', seen), recordingBench('gnn-scale', seen)], defaultBench: 'backends' };
    const t = io([provider]);
    await runBenchCommand(undefined, [], { only: 'sgemm-1024', backends: 'cpu' }, t.io);
    expect(seen[0]).toEqual({ args: ['--only', 'sgemm-1024', '--backends', 'cpu'] });
    const dir = tempDir();
    const json = path.join(dir, 'out', 'rows.json');
    await runBenchCommand('gnn-scale', ['--sizes', '2000'], { json }, t.io);
    expect(seen[1]).toEqual({ args: ['--sizes', '2000'] });
    expect(t.out()).toBe('table of 1 row(s) from backends\ntable of 1 row(s) from gnn-scale\n');
    expect(JSON.parse(fs.readFileSync(json, 'utf8'))).toEqual([{ id: 'gnn-scale', n: 1 }]);
    // --json without FILE: the rows alone on stdout, no table
    const s = io([provider]);
    await runBenchCommand('gnn-scale', [], { json: true }, s.io);
    expect(JSON.parse(s.out())).toEqual([{ id: 'gnn-scale', n: 1 }]);
    await expect(runBenchCommand('nope', [], {}, t.io)).rejects.toThrow("no benchmark 'nope'; installed: backends, gnn-scale");
    await expect(runBenchCommand('gnn-scale', ['--bad'], {}, t.io)).rejects.toThrow('bench gnn-scale option --bad: unknown option');
  });

  it('--list names each bench, its provider and its options', async () => {
    const t = io([{ packageName: '@zoo/bench', benches: [recordingBench('backends', [])], defaultBench: 'backends' }]);
    await runBenchCommand(undefined, [], { list: true }, t.io);
    expect(t.out()).toBe(`${'backends'.padEnd(16)} (@zoo/bench) the backends bench\n    --k   a knob\n`);
  });

  it('loads a provider entry and rejects one that does not export benches', () => {
    const dir = tempDir();
    const good = path.join(dir, 'good.js');
    fs.writeFileSync(good, "exports.benches = [{ id: 'b', description: 'd', parse: () => ({}), run: async () => [], table: () => '' }];");
    const bad = path.join(dir, 'bad.js');
    fs.writeFileSync(bad, 'exports.benches = [{ id: 1 }];');
    const [p] = loadBenchProviders([{ packageName: 'good', entry: good }]);
    expect(p.benches.map((b) => b.id)).toEqual(['b']);
    expect(p.defaultBench).toBe('b');
    expect(() => loadBenchProviders([{ packageName: 'bad', entry: bad }])).toThrow(/^bad: .*bad\.js does not export `benches`/);
    expect(() => loadBenchProviders([{ packageName: 'gone', entry: path.join(dir, 'gone.js') }])).toThrow(/^gone: its benchmarks failed to load/);
  });

  it('finds the monorepo\'s @zoo/bench through its "zoo": { "bench" } manifest; a bad option names the flag', async () => {
    let out = '';
    let err = '';
    const o = jest.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => ((out += String(s)), true));
    const e = jest.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => ((err += String(s)), true));
    try {
      expect(await main(['node', 'zoo', 'bench', '--list'])).toBe(0);
      expect(await main(['node', 'zoo', 'bench', 'gnn-scale', '--', '--epochs', 'abc'])).toBe(1);
      expect(await main(['node', 'zoo', 'bench', 'dual-amn-step', '--', '--stpes', '1', '--bogus'])).toBe(1);
      expect(await main(['node', 'zoo', 'bench', 'gnn-scal'])).toBe(1);
    } finally {
      o.mockRestore();
      e.mockRestore();
    }
    for (const id of ['backends', 'gnn-scale', 'dual-amn-step']) expect(out).toContain(`${id.padEnd(16)} (@zoo/bench) `);
    expect(err).toContain('zoo: bench gnn-scale option --epochs: expected number, received string (got "abc")\n');
    expect(err).toContain('zoo: bench dual-amn-step option --stpes: unknown option; did you mean --steps? (options: ');
    expect(err).toContain("zoo: no benchmark 'gnn-scal'; did you mean gnn-scale?; installed: ");
  });
});
