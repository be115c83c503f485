import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { cliSharedModules, packageOfRequest } from './shared-modules';

// These run the built CLI (bin/zoo.js → dist/), as a user does: the resolve hook works on Node's own
// module loader, which jest replaces.
const REPO = path.join(__dirname, '..', '..', '..');
const BIN = path.join(REPO, 'packages', 'cli', 'bin', 'zoo.js');

function zoo(cwd: string, env: Record<string, string>, ...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', env: { ...process.env, ZOO_BACKEND: 'cpu', ...env } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** A plugin folder whose entry re-exports core's toy plugin: it needs `@zoo/core` and nothing else. */
function pluginFolder(dir: string): string {
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: '@zoo/plugin-toy-ext', version: '0.0.1', main: 'index.js', zoo: { plugin: 'index.js' } }));
  fs.writeFileSync(path.join(dir, 'index.js'), "module.exports = { default: require('@zoo/core/testing').toyPlugin };\n");
  return dir;
}

function copy(from: string, to: string, entries: string[]): void {
  for (const e of entries) fs.cpSync(path.join(from, e), path.join(to, e), { recursive: true });
}

describe('packageOfRequest', () => {
  it('names the package of a bare specifier, nothing for paths and builtins', () => {
    expect(packageOfRequest('@zoo/core/testing')).toBe('@zoo/core');
    expect(packageOfRequest('@tensorflow/tfjs-core')).toBe('@tensorflow/tfjs-core');
    expect(packageOfRequest('zod/v4')).toBe('zod');
    expect(packageOfRequest('./x')).toBeUndefined();
    expect(packageOfRequest('/abs/x')).toBeUndefined();
    expect(packageOfRequest('node:fs')).toBeUndefined();
  });

  it("the CLI's copies: its @zoo/core, and that core's @zoo/ops and tfjs-core", () => {
    const names = cliSharedModules(path.join(REPO, 'packages', 'cli', 'src')).map((m) => m.name);
    expect(names).toEqual(['@zoo/core', '@zoo/ops', '@tensorflow/tfjs-core', '@tensorflow/tfjs-backend-cpu']);
  });
});

describe('plugins load against the CLI’s @zoo/core and tfjs', () => {
  const made: string[] = [];
  afterAll(() => made.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

  it('a plugin folder outside any install (ZOO_PLUGINS=/path/to/plugin) finds @zoo/core', () => {
    const dir = pluginFolder(fs.mkdtempSync(path.join(os.tmpdir(), 'zoo-linked-')));
    made.push(dir);
    const r = zoo(dir, { ZOO_PLUGINS: dir }, 'list', 'toy/*');
    expect(r.err).not.toContain('failed to load'); // was: Cannot find module '@zoo/core'
    expect(r.out).toContain('toy/softmax@blobs');
    expect(r.code).toBe(0);
  });

  it('a plugin with its own @zoo/core and tfjs-core: one warning naming both copies, not a kernel flood', () => {
    // inside the repo, so that the copies' other dependencies (tsyringe, zod, long, …) resolve
    const dir = pluginFolder(path.join(REPO, 'packages', 'cli', `.dup-fixture-${process.pid}`));
    made.push(dir);
    const nm = path.join(dir, 'node_modules');
    copy(path.join(REPO, 'packages', 'core'), path.join(nm, '@zoo', 'core'), ['package.json', 'dist', 'vendor', 'testing.js']);
    const tfjs = (p: string) => path.dirname(require.resolve(`${p}/package.json`));
    copy(tfjs('@tensorflow/tfjs-core'), path.join(nm, '@tensorflow', 'tfjs-core'), ['package.json', 'dist/tf-core.node.js']);
    copy(tfjs('@tensorflow/tfjs-backend-cpu'), path.join(nm, '@tensorflow', 'tfjs-backend-cpu'), ['package.json', 'dist/tf-backend-cpu.node.js']);
    const r = zoo(dir, { ZOO_PLUGINS: dir }, 'list', 'toy/*');
    expect(r.err).not.toContain('already registered');
    const warnings = r.err.split('\n').filter((l) => l.includes('second copy'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain(`second copy of @zoo/core at ${fs.realpathSync(path.join(nm, '@zoo', 'core'))}`);
    expect(warnings[0]).toContain(`at ${fs.realpathSync(path.join(REPO, 'packages', 'core'))} instead`);
    expect(r.out).toContain('toy/softmax@blobs');
    expect(r.code).toBe(0);
  });
});
