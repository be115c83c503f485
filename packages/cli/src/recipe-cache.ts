import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/**
 * The recipe ids for shell completion without loading tfjs. Recipes live in the plugins' code, so
 * listing them means loading the plugins (and tfjs: a second or so, too slow for each Tab). The first
 * `zoo __complete recipes` loads them and keeps the ids in `<cache dir>/recipe-ids.json` under a
 * fingerprint of the installed plugin packages (found by their package.json `"zoo": { "plugin" }` field
 * as `discoverPlugins` in @zoo/core finds them, without requiring them): name, version, entry, and the
 * modification times of package.json and of the files beside the entry. The next Tab reads the file.
 * Installing, removing or rebuilding a plugin changes the fingerprint, and the ids are listed afresh.
 */

/** A package whose package.json declares `"zoo": { "plugin": "<entry>" }`, found, not loaded. */
export interface PluginManifest {
  packageName: string;
  version: string;
  /** The package's folder (real path). */
  dir: string;
  /** Absolute path of the entry module. */
  entry: string;
}

/** The plugin packages in every `node_modules` above `fromDirs` (the same walk as core's `discoverPlugins`). */
export function findPluginManifests(fromDirs: string[]): PluginManifest[] {
  const out: PluginManifest[] = [];
  const seen = new Set<string>();
  for (const nm of nodeModulesDirs(fromDirs)) {
    for (const pkgDir of packageDirs(nm)) {
      let real: string;
      let pkg: { name?: string; version?: string; zoo?: { plugin?: unknown } };
      try {
        real = fs.realpathSync(pkgDir);
        if (seen.has(real)) continue;
        seen.add(real);
        pkg = JSON.parse(fs.readFileSync(path.join(real, 'package.json'), 'utf8'));
      } catch {
        continue;
      }
      if (typeof pkg.zoo?.plugin === 'string') out.push({ packageName: pkg.name ?? real, version: pkg.version ?? '', dir: real, entry: path.join(real, pkg.zoo.plugin) });
    }
  }
  return out;
}

function mtime(file: string): number {
  try {
    return fs.statSync(file).mtimeMs;
  } catch {
    return -1;
  }
}

/** Modification times of `file` and of every file in its folder (a rebuilt plugin changes some). */
function folderStamp(file: string): number[] {
  const dir = path.dirname(file);
  return [mtime(file), ...safeReaddir(dir).sort().map((f) => mtime(path.join(dir, f)))];
}

/** What the cached ids depend on: the plugin packages found and the `ZOO_PLUGINS` entries, with their files' times. */
export function pluginFingerprint(manifests: PluginManifest[], extraEntries: string[]): string {
  const pkgs = manifests.map((m) => [m.packageName, m.version, m.entry, mtime(path.join(m.dir, 'package.json')), ...folderStamp(m.entry)]);
  const extra = extraEntries.map((e) => [path.resolve(e), ...folderStamp(path.resolve(e))]);
  return JSON.stringify({ pkgs, extra });
}

/** `ZOO_CACHE_DIR`, else `$XDG_CACHE_HOME/zoo`, else `~/.cache/zoo`. */
export function cacheDir(env: Record<string, string | undefined> = process.env): string {
  return env.ZOO_CACHE_DIR || path.join(env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'zoo');
}

const FILE = 'recipe-ids.json';

/**
 * The installed recipe ids: from the cache when its fingerprint matches, else from `load()` (which loads
 * the plugins), then written to the cache (best effort: an unwritable cache only costs speed).
 */
export function recipeIds(o: { fromDirs: string[]; extraEntries: string[]; load: () => string[]; dir?: string }): string[] {
  const dir = o.dir ?? cacheDir();
  const fingerprint = pluginFingerprint(findPluginManifests(o.fromDirs), o.extraEntries);
  const file = path.join(dir, FILE);
  try {
    const cached = JSON.parse(fs.readFileSync(file, 'utf8')) as { fingerprint?: string; ids?: unknown };
    if (cached.fingerprint === fingerprint && Array.isArray(cached.ids)) return cached.ids.map(String);
  } catch {
    // no cache yet, or unreadable: list afresh
  }
  const ids = [...new Set(o.load())].sort();
  try {
    fs.mkdirSync(dir, { recursive: true });
    const tmp = `${file}.tmp-${process.pid}`;
    fs.writeFileSync(tmp, `${JSON.stringify({ fingerprint, ids })}\n`);
    fs.renameSync(tmp, file);
  } catch {
    // best effort
  }
  return ids;
}

function nodeModulesDirs(fromDirs: string[]): string[] {
  const out: string[] = [];
  for (const start of fromDirs) {
    for (let dir = path.resolve(start); ; dir = path.dirname(dir)) {
      const nm = path.join(dir, 'node_modules');
      if (!out.includes(nm) && fs.existsSync(nm)) out.push(nm);
      if (path.dirname(dir) === dir) break;
    }
  }
  return out;
}

function packageDirs(nm: string): string[] {
  return safeReaddir(nm)
    .filter((n) => !n.startsWith('.'))
    .flatMap((n) => (n.startsWith('@') ? safeReaddir(path.join(nm, n)).map((s) => path.join(nm, n, s)) : [path.join(nm, n)]));
}

function safeReaddir(dir: string): string[] {
  try {
    return fs.readdirSync(dir);
  } catch {
    return [];
  }
}
