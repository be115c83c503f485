import * as fs from 'node:fs';
import * as path from 'node:path';

const REPO = path.join(__dirname, '..', '..', '..');

function sources(dir: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...sources(p));
    else if (/\.ts$/.test(e.name)) out.push(p);
  }
  return out;
}

/** @zoo/bench is private: published packages find it by its manifest field, never by a dependency or an import. */
describe('@zoo/bench stays off the published packages', () => {
  const packages = fs.readdirSync(path.join(REPO, 'packages')).filter((d) => fs.existsSync(path.join(REPO, 'packages', d, 'package.json')));

  it('is private and declares its bench entry', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'package.json'), 'utf8'));
    expect(pkg).toMatchObject({ name: '@zoo/bench', private: true, zoo: { bench: 'dist/index.js' } });
  });

  it('no package under packages/ lists it (or @zoo/tools) in any dependency field', () => {
    expect(packages.length).toBeGreaterThan(0);
    for (const d of packages) {
      const pkg = JSON.parse(fs.readFileSync(path.join(REPO, 'packages', d, 'package.json'), 'utf8'));
      const deps = ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies'].flatMap((f) => Object.keys(pkg[f] ?? {}));
      expect([d, deps.filter((n) => n === '@zoo/bench' || n === '@zoo/tools')]).toEqual([d, []]);
    }
  });

  it('no source under packages/ imports it or reaches into tools/', () => {
    for (const d of packages) {
      const src = path.join(REPO, 'packages', d, 'src');
      if (!fs.existsSync(src)) continue;
      for (const f of sources(src)) {
        const text = fs.readFileSync(f, 'utf8');
        const bad = [...text.matchAll(/(?:from\s+|require\(\s*|import\(\s*)['"]([^'"]+)['"]/g)].map((m) => m[1]).filter((s) => s.startsWith('@zoo/bench') || s.startsWith('@zoo/tools') || /(^|\/)tools\//.test(s));
        expect([path.relative(REPO, f), bad]).toEqual([path.relative(REPO, f), []]);
      }
    }
  });
});
