import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * The backend stands alone for any tfjs user: its package depends on @zoo/ops, koffi and tfjs only,
 * and no source file reaches into the rest of the zoo (src/bench/ excepted: it moves to tools/bench).
 */
const PACKAGE = path.join(__dirname, '..');

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return p === path.join(PACKAGE, 'src', 'bench') ? [] : sources(p);
    return e.name.endsWith('.ts') ? [p] : [];
  });
}

describe('@zoo/backend-blas stands alone', () => {
  it('depends on @zoo/ops, koffi and tfjs (peers) only', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(PACKAGE, 'package.json'), 'utf8'));
    expect(Object.keys(pkg.dependencies ?? {}).sort()).toEqual(['@zoo/ops', 'koffi']);
    for (const name of Object.keys(pkg.peerDependencies ?? {})) expect(name).toMatch(/^@tensorflow\/tfjs-/);
    expect(Object.keys(pkg.devDependencies ?? {}).filter((d) => d.startsWith('@zoo/'))).toEqual([]);
  });

  it('imports nothing from the zoo but @zoo/ops (and @zoo/ops/testing in tests, itself in the README test)', () => {
    const files = sources(path.join(PACKAGE, 'src'));
    expect(files.length).toBeGreaterThan(20);
    const bad: string[] = [];
    for (const f of files) {
      const text = fs.readFileSync(f, 'utf8');
      for (const m of text.matchAll(/(?:from\s+|require\(\s*|import\(\s*)['"](@zoo\/[^'"]+)['"]/g)) {
        const allowed = m[1] === '@zoo/ops' || m[1] === '@zoo/backend-blas' || (m[1] === '@zoo/ops/testing' && f.endsWith('.test.ts'));
        if (!allowed) bad.push(`${path.relative(PACKAGE, f)}: ${m[1]}`);
      }
      if (/@zoo\/core/.test(text) && !f.endsWith('standalone.test.ts')) bad.push(`${path.relative(PACKAGE, f)} mentions @zoo/core`);
    }
    expect(bad).toEqual([]);
  });
});
