import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ZooPlugin } from './plugin';

export interface DiscoveryResult {
  plugins: { plugin: ZooPlugin; packageName: string; dir: string }[];
  /** Packages that declare a plugin but failed to load (reported, not fatal). */
  errors: string[];
  /**
   * Packages that declare `"zoo": { "bench": "<entry>" }` (the monorepo's tools/bench): found, not loaded;
   * `zoo bench` requires `entry` (absolute path) and reads its `benches`.
   */
  benchEntries: { packageName: string; dir: string; entry: string }[];
}

/**
 * Finds installed plugins: packages in any `node_modules` above `fromDirs` whose package.json
 * declares `"zoo": { "plugin": "<entry>" }`. The entry's default (or `plugin`) export is the plugin.
 * Packages declaring `"zoo": { "bench": "<entry>" }` are listed in `benchEntries` (not loaded).
 * `extraEntries` (from `ZOO_PLUGINS`, path-separated) load plugin modules by path.
 */
export function discoverPlugins(fromDirs: string[], extraEntries: string[] = []): DiscoveryResult {
  const result: DiscoveryResult = { plugins: [], errors: [], benchEntries: [] };
  const seen = new Set<string>();
  const tryLoad = (entry: string, packageName: string, dir: string) => {
    try {
      const mod = require(entry);
      const plugin: ZooPlugin | undefined = mod?.default ?? mod?.plugin;
      if (!plugin?.meta?.name || !Array.isArray(plugin.recipes)) {
        throw new Error(`${entry} does not export a plugin made by definePlugin() (as default or 'plugin')`);
      }
      result.plugins.push({ plugin, packageName, dir });
    } catch (err) {
      result.errors.push(`${packageName}: ${(err as Error).message.split('\n')[0]}`);
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
      let pkg: { name?: string; zoo?: { plugin?: string; bench?: string } };
      try {
        pkg = JSON.parse(fs.readFileSync(path.join(real, 'package.json'), 'utf8'));
      } catch {
        continue;
      }
      const entry = pkg.zoo?.plugin;
      if (typeof entry === 'string') tryLoad(path.join(real, entry), pkg.name ?? real, real);
      const bench = pkg.zoo?.bench;
      if (typeof bench === 'string') result.benchEntries.push({ packageName: pkg.name ?? real, dir: real, entry: path.join(real, bench) });
    }
  }
  for (const e of extraEntries.filter(Boolean)) {
    const abs = path.resolve(e);
    if (!seen.has(abs)) tryLoad(abs, abs, path.dirname(abs));
  }
  return result;
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
