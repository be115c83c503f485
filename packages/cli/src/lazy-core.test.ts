import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { tempDir } from '@zoo/core/testing';
import { runZooCountingCore as zooCountingCore } from './testing/run-zoo';

describe('zoo --help and --version load no @zoo/core (so no tfjs)', () => {
  beforeAll(() => {
    process.env.ZOO_PLUGINS = path.join(__dirname, 'testing', 'toy-plugin-entry.ts');
    process.env.ZOO_BACKEND = 'cpu';
  });

  const commands = ['list', 'doctor', 'bench', 'info', 'config', 'train', 'eval', 'completion'];
  const cases = [['--version'], ['--help'], ['help', 'eval'], ['completion', 'bash'], ...commands.map((c) => [c, '--help'])];
  it.each(cases.map((args) => [args.join(' '), args] as const))('zoo %s', async (_name, args) => {
    const r = await zooCountingCore([...args]);
    expect(r.code).toBe(0);
    expect(r.out.length).toBeGreaterThan(0);
    expect(r.coreLoaded).toBe(false);
  });

  it('a command that needs the core loads it on first use (the check above can fail)', async () => {
    const r = await zooCountingCore(['list', 'toy/*', '--json']);
    expect(r.code).toBe(0);
    expect(r.coreLoaded).toBe(true);
    expect(JSON.parse(r.out).map((x: { id: string }) => x.id)).toEqual(['toy/softmax@blobs', 'toy/softmax@blobs-file']);
  });

  it('a bad flag value still gives the one-line ZooError (the parser loads the core for it)', async () => {
    const r = await zooCountingCore(['eval', '--seeds', '0']);
    expect(r.code).toBe(1);
    expect(r.coreLoaded).toBe(true);
  });
});

describe('the built bin (bin/zoo.js → dist; `npm test` builds first)', () => {
  const bin = path.join(__dirname, '..', 'bin', 'zoo.js');
  const hook = path.join(tempDir(), 'loaded.js');
  fs.writeFileSync(
    hook,
    `process.on('exit', () => {
      const heavy = Object.keys(require.cache).filter((f) => /[\\\\/]@tensorflow[\\\\/]|[\\\\/]packages[\\\\/](core|ops)[\\\\/]dist[\\\\/]|[\\\\/]@zoo[\\\\/](core|ops)[\\\\/]/.test(f));
      require('fs').writeFileSync(process.env.ZOO_TEST_LOADED, JSON.stringify(heavy));
    });\n`,
  );
  const run = (...args: string[]) => {
    const loaded = path.join(tempDir(), 'loaded.json');
    const r = spawnSync(process.execPath, ['-r', hook, bin, ...args], { encoding: 'utf8', env: { ...process.env, ZOO_TEST_LOADED: loaded, ZOO_PLUGINS: '' } });
    return { status: r.status, stdout: r.stdout, heavy: JSON.parse(fs.readFileSync(loaded, 'utf8')) as string[] };
  };

  it('zoo --version, zoo --help and zoo eval --help require no tfjs, core or ops module', () => {
    const v = run('--version');
    expect(v.status).toBe(0);
    expect(v.stdout.trim()).toBe(require('../package.json').version);
    expect(v.heavy).toEqual([]);
    for (const args of [['--help'], ['eval', '--help'], ['completion', 'bash']]) {
      const r = run(...args);
      expect(r.status).toBe(0);
      expect(r.heavy).toEqual([]);
    }
  });

  it('zoo list does load them (the hook sees tfjs when it is there)', () => {
    const r = run('list', '--tier', 'smoke');
    expect(r.status).toBe(0);
    expect(r.heavy.some((f) => f.includes('@tensorflow'))).toBe(true);
  });
});
