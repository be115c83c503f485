import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { checkFloors, formatViolations, moduleSpecifiers } from './check-floors';

/** A throwaway monorepo: root package.json with workspaces, each package's package.json and sources. */
function fixture(pkgs: Record<string, { json: Record<string, unknown>; files?: Record<string, string> }>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'zoo-floors-'));
  fs.writeFileSync(path.join(root, 'package.json'), JSON.stringify({ workspaces: Object.keys(pkgs) }));
  for (const [dir, { json, files }] of Object.entries(pkgs)) {
    fs.mkdirSync(path.join(root, dir, 'src'), { recursive: true });
    fs.writeFileSync(path.join(root, dir, 'package.json'), JSON.stringify(json));
    for (const [f, text] of Object.entries(files ?? {})) {
      fs.mkdirSync(path.dirname(path.join(root, dir, f)), { recursive: true });
      fs.writeFileSync(path.join(root, dir, f), text);
    }
  }
  return root;
}

const clean = {
  'packages/ops': { json: { name: '@zoo/ops', peerDependencies: { '@tensorflow/tfjs-core': '4.22.0' } }, files: { 'src/index.ts': "import * as tf from '@tensorflow/tfjs-core';\n" } },
  'packages/core': {
    json: { name: '@zoo/core', dependencies: { '@zoo/ops': '0.1.0' }, peerDependencies: { '@zoo/backend-blas': '^0.1.0' }, peerDependenciesMeta: { '@zoo/backend-blas': { optional: true } } },
    files: { 'src/index.ts': "export * from '@zoo/ops';\n" },
  },
  'packages/backend-blas': { json: { name: '@zoo/backend-blas', dependencies: { '@zoo/ops': '0.1.0' } }, files: { 'src/index.ts': "import { x } from '@zoo/ops';\n" } },
  'packages/plugin-a': { json: { name: '@zoo/plugin-a', peerDependencies: { '@zoo/core': '^0.1.0' } }, files: { 'src/index.ts': "import { tf } from '@zoo/core';\n" } },
  'packages/cli': { json: { name: '@zoo/cli', dependencies: { '@zoo/core': '0.1.0' } }, files: { 'src/main.ts': "import { Runner } from '@zoo/core';\n" } },
  tools: { json: { name: '@zoo/tools', private: true }, files: { 'src/index.ts': "import '@zoo/plugin-a';\n" } },
};

describe('checkFloors', () => {
  it('finds the module specifiers of import, require, dynamic import and jest.mock, with lines', () => {
    const src = "import a from '@zoo/a';\nconst b = require(\"@zoo/b\");\n\nawait import('@zoo/c/sub');\njest.mock('@zoo/d');\nimport '@zoo/e';\n";
    expect(moduleSpecifiers(src)).toEqual([
      { spec: '@zoo/a', line: 1 },
      { spec: '@zoo/b', line: 2 },
      { spec: '@zoo/c/sub', line: 4 },
      { spec: '@zoo/d', line: 5 },
      { spec: '@zoo/e', line: 6 },
    ]);
  });

  it('passes a repo laid out by the floor plan (optional peers are not arrows)', () => {
    expect(checkFloors(fixture(clean))).toEqual([]);
  });

  it.each([
    ['core → backend by import', 'packages/core', 'src/fused.ts', "import { allocOutput } from '@zoo/backend-blas/native';\n", '@zoo/backend-blas'],
    ['backend → core', 'packages/backend-blas', 'src/bench.ts', "const { Runner } = require('@zoo/core');\n", '@zoo/core'],
    ['ops → zoo', 'packages/ops', 'src/x.ts', "import { tf } from '@zoo/core';\n", '@zoo/core'],
    ['plugin → plugin', 'packages/plugin-a', 'src/x.ts', "import { gcn } from '@zoo/plugin-b';\n", '@zoo/plugin-b'],
    ['plugin → cli', 'packages/plugin-a', 'src/x.test.ts', "jest.mock('@zoo/cli');\n", '@zoo/cli'],
    ['cli → backend', 'packages/cli', 'src/doctor.ts', "const n = require('@zoo/backend-blas/native');\n", '@zoo/backend-blas'],
    ['published → tools', 'packages/cli', 'src/bench.ts', "import { benches } from '@zoo/bench';\n", '@zoo/bench'],
  ])('names %s with the file and line', (_name, dir, file, text, to) => {
    const pkgs = JSON.parse(JSON.stringify(clean));
    pkgs[dir].files[file] = `// header\n${text}`;
    const v = checkFloors(fixture(pkgs));
    expect(v).toHaveLength(1);
    expect(v[0]).toMatchObject({ to, where: `${dir}/${file}:2` });
    expect(formatViolations(v)).toContain(`${dir}/${file}:2`);
  });

  it('names a hard dependency in package.json, and a relative path into tools/', () => {
    const pkgs = JSON.parse(JSON.stringify(clean));
    pkgs['packages/core'].json.dependencies['@zoo/backend-blas'] = '0.1.0';
    pkgs['packages/cli'].files['src/x.ts'] = "import { y } from '../../../tools/src/y';\n";
    const v = checkFloors(fixture(pkgs));
    expect(v.map((x) => x.where)).toEqual(['packages/cli/src/x.ts:1', 'packages/core/package.json (dependencies)']);
  });

  it('holds for this repository', () => {
    const v = checkFloors(path.join(__dirname, '..', '..', '..'));
    expect(formatViolations(v)).toBe('');
  });
});
