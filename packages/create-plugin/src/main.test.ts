import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { main } from './main';

function run(...argv: string[]) {
  const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'zoo-create-'));
  let out = '';
  let err = '';
  const code = main(argv, cwd, (s) => (out += s), (s) => (err += s));
  return { code, out, err, cwd, read: (f: string) => fs.readFileSync(path.join(cwd, f), 'utf8') };
}

describe('npm create @zoo/plugin', () => {
  it('writes plugin-NAME: a standalone package with @zoo/core as peer and dev dependency', () => {
    const r = run('demo', '--paper-title', 'Demo Networks', '--paper-year', '2021', '--arxiv', '2101.11859');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toContain('created plugin-demo (@zoo/plugin-demo)');
    const pkg = JSON.parse(r.read('plugin-demo/package.json'));
    expect(pkg).toMatchObject({ name: '@zoo/plugin-demo', zoo: { plugin: 'dist/index.js' }, peerDependencies: { '@zoo/core': '^0.1.0' }, scripts: { test: 'jest' } });
    expect(pkg.devDependencies).toMatchObject({ '@zoo/core': '0.1.0', jest: expect.any(String), typescript: expect.any(String), '@swc/jest': expect.any(String) });
    expect(pkg.dependencies).toBeUndefined();
    const ts = JSON.parse(r.read('plugin-demo/tsconfig.json'));
    expect(ts.extends).toBeUndefined(); // no ../../tsconfig.base.json outside the monorepo
    expect(ts.references).toBeUndefined();
    expect(ts.compilerOptions).toMatchObject({ rootDir: 'src', outDir: 'dist' }); // dist/index.js, as package.json's main says
    expect(r.read('plugin-demo/jest.config.js')).toContain('@swc/jest');
    expect(r.read('plugin-demo/src/papers.ts')).toContain('arxiv: "2101.11859"');
    expect(r.read('plugin-demo/README.md')).toContain('npm create @zoo/plugin demo');
    fs.rmSync(r.cwd, { recursive: true, force: true });
  });

  it('--vision adds @zoo/vision and the stripes dataset', () => {
    const r = run('eye', '--vision', '--dir', 'here');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.read('here/package.json')).dependencies).toEqual({ '@zoo/vision': '^0.1.0' });
    expect(fs.existsSync(path.join(r.cwd, 'here/src/data/stripes.ts'))).toBe(true);
    fs.rmSync(r.cwd, { recursive: true, force: true });
  });

  it('bad input is one line and a non-zero exit; nothing is written', () => {
    const bad = run('Bad Name');
    expect(bad.code).toBe(1);
    expect(bad.err).toBe("create-plugin: plugin name 'Bad Name': expected lowercase letters, digits and dashes\n");
    expect(fs.readdirSync(bad.cwd)).toEqual([]);
    const flag = run('demo', '--bogus');
    expect(flag.code).toBe(2);
    expect(flag.err.split('\n')[0]).toContain("Unknown option '--bogus'");
    expect(run().code).toBe(2);
  });
});
