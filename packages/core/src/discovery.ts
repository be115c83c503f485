import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ZooPlugin } from './plugin';

export interface DiscoveredPlugin {
  plugin: ZooPlugin;
  packageName: string;
  dir: string;
}

export interface DiscoveryResult {
  plugins: DiscoveredPlugin[];
  /**
   * Packages that declare a plugin but failed to load (reported, not fatal), one line each naming the
   * package and its folder, with what to run when the folder is not installed or not built.
   */
  errors: string[];
  /** Plugins that share a `meta.name` (each a different package or copy): one line each naming both. */
  collisions: string[];
  /**
   * Packages that declare `"zoo": { "bench": "<entry>" }` (the monorepo's tools/bench): found, not loaded;
   * `zoo bench` requires `entry` (absolute path) and reads its `benches`.
   */
  benchEntries: { packageName: string; dir: string; entry: string }[];
}

interface PackageJson {
  name?: string;
  version?: string;
  main?: string;
  zoo?: { plugin?: string; bench?: string };
}

/**
 * Finds installed plugins: packages in any `node_modules` above `fromDirs` whose package.json
 * declares `"zoo": { "plugin": "<entry>" }`. The entry's default (or `plugin`) export is the plugin.
 * Packages declaring `"zoo": { "bench": "<entry>" }` are listed in `benchEntries` (not loaded).
 * `extraEntries` (from `ZOO_PLUGINS`, path-separated) are plugin modules or plugin package folders (their
 * `"zoo": { "plugin" }` entry, else `main`), loaded by path.
 * The same package reached twice (a symlink, a ZOO_PLUGINS entry of an installed package) loads once;
 * two different plugins with one name are reported in `collisions`.
 */
export function discoverPlugins(fromDirs: string[], extraEntries: string[] = []): DiscoveryResult {
  const result: DiscoveryResult = { plugins: [], errors: [], collisions: [], benchEntries: [] };
  const seen = new Set<string>();
  const tryLoad = (entry: string, packageName: string, dir: string) => {
    const problem = loadProblem(entry, packageName, dir);
    if (problem) {
      result.errors.push(problem);
      return;
    }
    try {
      const mod = require(entry);
      const plugin: ZooPlugin | undefined = mod?.default ?? mod?.plugin;
      if (!plugin?.meta?.name || !Array.isArray(plugin.recipes)) {
        throw new Error(`${entry} does not export a plugin made by definePlugin() (as default or 'plugin')`);
      }
      if (result.plugins.some((p) => p.plugin === plugin)) return;
      result.plugins.push({ plugin, packageName, dir });
    } catch (err) {
      result.errors.push(describeLoadError(err, entry, packageName, dir));
    }
  };
  for (const nm of nodeModulesDirs(fromDirs)) {
    for (const pkgDir of packageDirs(nm)) {
      let real: string;
      try {
        real = fs.realpathSync(pkgDir);
      } catch {
        continue;
      }
      if (seen.has(real)) continue;
      seen.add(real);
      const pkg = readPackageJson(real);
      if (!pkg) continue;
      const entry = pkg.zoo?.plugin;
      if (typeof entry === 'string') tryLoad(path.join(real, entry), pkg.name ?? real, real);
      const bench = pkg.zoo?.bench;
      if (typeof bench === 'string') result.benchEntries.push({ packageName: pkg.name ?? real, dir: real, entry: path.join(real, bench) });
    }
  }
  for (const e of extraEntries.filter(Boolean)) {
    const abs = path.resolve(e);
    if (!fs.existsSync(abs)) {
      result.errors.push(`ZOO_PLUGINS entry ${abs}: no such file or folder`);
      continue;
    }
    const real = fs.realpathSync(abs);
    if (fs.statSync(real).isDirectory()) {
      // a plugin's package folder (a plugin developed outside the monorepo)
      if (seen.has(real)) continue;
      seen.add(real);
      const pkg = readPackageJson(real);
      const entry = pkg?.zoo?.plugin ?? pkg?.main;
      if (!pkg || typeof entry !== 'string') {
        result.errors.push(`ZOO_PLUGINS entry ${real}: ${pkg ? 'its package.json has no "zoo": { "plugin": "<entry>" } (nor "main")' : 'no package.json here'}`);
        continue;
      }
      tryLoad(path.join(real, entry), pkg.name ?? real, real);
    } else if (!seen.has(real)) tryLoad(real, real, packageRoot(real));
  }
  result.collisions = findCollisions(result.plugins);
  return result;
}

/** One line per plugin name that two different plugins use, naming both packages with their folders. */
export function findCollisions(plugins: DiscoveredPlugin[]): string[] {
  const byName = new Map<string, DiscoveredPlugin[]>();
  for (const p of plugins) byName.set(p.plugin.meta.name, [...(byName.get(p.plugin.meta.name) ?? []), p]);
  const out: string[] = [];
  for (const [name, ps] of byName) {
    if (ps.length < 2) continue;
    const each = ps.map((p) => `${p.packageName} ${p.plugin.meta.version} (${p.dir})`).join(' and ');
    out.push(`two plugins named '${name}': ${each}; uninstall one (or rename its meta.name)`);
  }
  return out;
}

/** What keeps `entry` from loading before it is required: the file is missing (the package is not built). */
function loadProblem(entry: string, packageName: string, dir: string): string | undefined {
  const exists = ['', '.js', '.cjs', '.ts', '/index.js'].some((ext) => fs.existsSync(entry + ext));
  if (!exists) return `${packageName} (${dir}): ${path.relative(dir, entry) || entry} does not exist; the plugin is not built: run \`${setupCommand(dir)}\` in ${dir}`;
  return undefined;
}

function describeLoadError(err: unknown, entry: string, packageName: string, dir: string): string {
  const e = err as NodeJS.ErrnoException;
  const first = String(e?.message ?? err).split('\n')[0];
  if (e?.code === 'MODULE_NOT_FOUND') {
    const missing = /Cannot find module '([^']+)'/.exec(first)?.[1];
    if (missing && missing !== entry) {
      return `${packageName} (${dir}): cannot find module '${missing}' (its dependencies are not installed?): run \`${setupCommand(dir)}\` in ${dir}`;
    }
  }
  return `${packageName}: ${first}`;
}

/** `npm install && npm run build` when the folder has a build script, else `npm install`. */
function setupCommand(dir: string): string {
  const pkg = readPackageJson(dir) as (PackageJson & { scripts?: Record<string, string> }) | undefined;
  const hasBuild = typeof pkg?.scripts?.build === 'string' || fs.existsSync(path.join(dir, 'tsconfig.json'));
  const installed = fs.existsSync(path.join(dir, 'node_modules'));
  if (!hasBuild) return 'npm install';
  return installed ? 'npm run build' : 'npm install && npm run build';
}

/** The nearest folder above `file` with a package.json (the plugin's package), else the file's folder. */
function packageRoot(file: string): string {
  for (let dir = path.dirname(file); ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) return path.dirname(file);
  }
}

function readPackageJson(dir: string): PackageJson | undefined {
  try {
    return JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as PackageJson;
  } catch {
    return undefined;
  }
}

function nodeModulesDirs(fromDirs: string[]): string[] {
  const out: string[] = [];
  for (const start of fromDirs) {
    let dir = path.resolve(start);
    for (;;) {
      const nm = path.join(dir, 'node_modules');
      if (fs.existsSync(nm) && !out.includes(nm)) out.push(nm);
      const up = path.dirname(dir);
      if (up === dir) break;
      dir = up;
    }
  }
  return out;
}

function packageDirs(nm: string): string[] {
  const out: string[] = [];
  for (const name of safeReaddir(nm)) {
    if (name.startsWith('.')) continue;
    if (name.startsWith('@')) for (const sub of safeReaddir(path.join(nm, name))) out.push(path.join(nm, name, sub));
    else out.push(path.join(nm, name));
  }
  return out;
}

function safeReaddir(dir: string): string[] {
  try {
    return fs.readdirSync(dir);
  } catch {
    return [];
  }
}
