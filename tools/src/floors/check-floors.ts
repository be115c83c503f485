import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * The floor plan of the monorepo as a check: which `@zoo/*` package may depend on which.
 *
 *   floor 0  @zoo/ops                       (tfjs only)
 *   floor 1  @zoo/core, @zoo/backend-blas   (on ops; never on each other)
 *   floor 2  @zoo/vision                    (on core, ops)
 *   floor 3  @zoo/plugin-*                  (on core, ops, vision; never on another plugin or the cli)
 *   floor 4  @zoo/cli                       (on core, ops; finds backends, plugins and benches at run time)
 *   apart    @zoo/create-plugin             (`npm create @zoo/plugin`: no @zoo/* dependency; the Nx generator uses its template)
 *   tools    @zoo/bench, @zoo/tools         (private; may use anything; no published package uses them)
 *
 * An arrow is a dependency in package.json (dependencies, non-optional peerDependencies, devDependencies
 * of published packages) or a module specifier written in a source file (`from '…'`, `require('…')`,
 * `import('…')`, `jest.mock('…')`), tests included. Optional peers are not arrows: the backend resolver and
 * plugin discovery find them by name at run time. A published package's sources may not reach into
 * `tools/` by a relative path either.
 */
export interface FloorViolation {
  /** package that has the arrow */
  from: string;
  /** the `@zoo/*` package (or path) it points at */
  to: string;
  /** where: `packages/core/package.json (dependencies)` or `packages/core/src/x.ts:12` */
  where: string;
  rule: string;
}

interface PackageInfo {
  name: string;
  dir: string;
  private: boolean;
  json: Record<string, unknown>;
}

const RULES: { test: (name: string) => boolean; allowed: (to: string) => boolean; rule: string }[] = [
  { test: (n) => n === '@zoo/ops', allowed: () => false, rule: 'ops depends on tfjs only, never on a @zoo/* package' },
  { test: (n) => n === '@zoo/core', allowed: (t) => t === '@zoo/ops', rule: 'core never depends on a backend, vision, a plugin, the cli or tools' },
  { test: (n) => n.startsWith('@zoo/backend-'), allowed: (t) => t === '@zoo/ops', rule: 'a backend stands alone: tfjs and @zoo/ops only, never the zoo' },
  { test: (n) => n === '@zoo/vision', allowed: (t) => t === '@zoo/core' || t === '@zoo/ops', rule: 'vision sits on core and ops only' },
  { test: (n) => n.startsWith('@zoo/plugin-'), allowed: (t) => ['@zoo/core', '@zoo/ops', '@zoo/vision'].includes(t), rule: 'a plugin depends on core, ops and vision, never on another plugin, a backend or the cli' },
  { test: (n) => n === '@zoo/create-plugin', allowed: () => false, rule: 'create-plugin stands alone: it writes a plugin that depends on @zoo/core, it never imports one' },
  { test: (n) => n === '@zoo/cli', allowed: (t) => t === '@zoo/core' || t === '@zoo/ops', rule: 'the cli finds backends, plugins and benches at run time, never by import' },
];

const TOOLS_PACKAGES = new Set(['@zoo/tools', '@zoo/bench']);

/** Module specifiers written in a source file, with their line numbers. */
export function moduleSpecifiers(source: string): { spec: string; line: number }[] {
  const out: { spec: string; line: number }[] = [];
  const re = /(?:\bfrom\s*|\bimport\s*\(\s*|\brequire(?:\.resolve)?\s*\(\s*|\bjest\.(?:mock|requireActual)\s*\(\s*|^\s*import\s+)(['"`])([^'"`]+)\1/gm;
  for (let m = re.exec(source); m; m = re.exec(source)) {
    const line = source.slice(0, m.index + m[0].indexOf(m[1])).split('\n').length;
    if (!out.some((o) => o.spec === m![2] && o.line === line)) out.push({ spec: m[2], line });
  }
  return out;
}

function zooPackageOf(spec: string): string | undefined {
  const m = /^(@zoo\/[a-z0-9-]+)/.exec(spec);
  return m?.[1];
}

function listPackages(root: string): PackageInfo[] {
  const rootJson = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { workspaces?: string[] };
  const out: PackageInfo[] = [];
  for (const ws of rootJson.workspaces ?? []) {
    const file = path.join(root, ws, 'package.json');
    if (!fs.existsSync(file)) continue;
    const json = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
    out.push({ name: String(json.name), dir: ws, private: json.private === true, json });
  }
  return out;
}

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      if (e.name === 'node_modules' || e.name === 'dist' || e.name.startsWith('.')) continue;
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.(ts|js|mjs|cjs)$/.test(e.name) && !e.name.endsWith('.d.ts')) out.push(p);
    }
  };
  walk(dir);
  return out;
}

/** Every arrow that breaks the floor plan, in a stable order. Empty when the plan holds. */
export function checkFloors(root: string): FloorViolation[] {
  const violations: FloorViolation[] = [];
  const packages = listPackages(root);
  for (const pkg of packages) {
    const rule = RULES.find((r) => r.test(pkg.name));
    const published = !pkg.private;
    const check = (to: string, where: string) => {
      if (to === pkg.name) return;
      if (published && TOOLS_PACKAGES.has(to)) {
        violations.push({ from: pkg.name, to, where, rule: 'a published package never depends on tools/' });
        return;
      }
      if (rule && !rule.allowed(to)) violations.push({ from: pkg.name, to, where, rule: rule.rule });
    };
    const peerMeta = (pkg.json.peerDependenciesMeta ?? {}) as Record<string, { optional?: boolean }>;
    const fields: [string, Record<string, string> | undefined][] = [
      ['dependencies', pkg.json.dependencies as Record<string, string> | undefined],
      ['peerDependencies', pkg.json.peerDependencies as Record<string, string> | undefined],
      ['devDependencies', published ? (pkg.json.devDependencies as Record<string, string> | undefined) : undefined],
      ['optionalDependencies', pkg.json.optionalDependencies as Record<string, string> | undefined],
    ];
    for (const [field, deps] of fields) {
      for (const dep of Object.keys(deps ?? {})) {
        if (!dep.startsWith('@zoo/')) continue;
        if (field === 'peerDependencies' && peerMeta[dep]?.optional) continue;
        check(dep, `${pkg.dir}/package.json (${field})`);
      }
    }
    const toolsDir = path.join(root, 'tools');
    for (const file of sourceFiles(path.join(root, pkg.dir))) {
      const rel = path.relative(root, file);
      if (!rel.startsWith(pkg.dir + path.sep) && pkg.dir !== '.') continue;
      // a workspace nested in another (tools/bench inside tools) is checked as its own package
      if (packages.some((o) => o !== pkg && o.dir.startsWith(pkg.dir + '/') && rel.startsWith(o.dir + path.sep))) continue;
      const text = fs.readFileSync(file, 'utf8');
      for (const { spec, line } of moduleSpecifiers(text)) {
        const to = zooPackageOf(spec);
        if (to) check(to, `${rel}:${line}`);
        else if (published && spec.startsWith('.')) {
          const target = path.resolve(path.dirname(file), spec);
          if (target === toolsDir || target.startsWith(toolsDir + path.sep)) violations.push({ from: pkg.name, to: path.relative(root, target), where: `${rel}:${line}`, rule: 'a published package never reaches into tools/' });
        }
      }
    }
  }
  return violations.sort((a, b) => a.where.localeCompare(b.where));
}

export function formatViolations(v: FloorViolation[]): string {
  return v.map((x) => `${x.where}: ${x.from} → ${x.to} (${x.rule})`).join('\n');
}
