import * as fs from 'node:fs';
import Module from 'node:module';
import * as path from 'node:path';

/**
 * One `@zoo/core`, one `@zoo/ops` and one tfjs-core per process, whoever asks for them.
 *
 * tfjs keeps its engine, kernels and gradients in global registries: a second copy of tfjs-core (or of
 * `@zoo/core`, which brings its own) registers every kernel again (`The kernel 'Abs' for backend 'cpu' is
 * already registered`, hundreds of lines) and holds tensors the first engine does not know. Plugins get a
 * second copy easily: a plugin folder linked from outside (`npm link`, `ZOO_PLUGINS=/path/to/plugin`) keeps
 * its own `node_modules/@zoo/core` (its devDependency), and a `zoo` installed in one folder discovers plugins
 * installed with their own core in another. A plugin linked from a folder without `node_modules` could not
 * find `@zoo/core` at all.
 *
 * So the CLI resolves these packages (and their subpaths, e.g. `@zoo/core/testing`) for every module from
 * its own install: `@zoo/core` next to the CLI, `@zoo/ops` and tfjs-core next to that core. A module whose
 * own resolution would have found another copy loads the CLI's instead, and the CLI warns once per copy,
 * naming both paths. (Node 20 has no public synchronous resolve hook for CommonJS, hence
 * `Module._resolveFilename`, the hook tools like tsconfig-paths use.)
 */
export interface SharedModule {
  /** package name, e.g. `@tensorflow/tfjs-core` */
  name: string;
  /** the package's root folder in the CLI's install (realpath) */
  root: string;
}

type ResolveFilename = (request: string, parent: unknown, isMain: boolean, options?: unknown) => string;
interface ModuleInternals {
  _resolveFilename: ResolveFilename;
}

const internals = Module as unknown as ModuleInternals;
let installed: { shared: SharedModule[]; original: ResolveFilename } | undefined;
const warned = new Set<string>();

/** `@scope/name` or `name` of a bare specifier, else undefined (relative, absolute, `node:`). */
export function packageOfRequest(request: string): string | undefined {
  if (request.startsWith('.') || request.startsWith('/') || request.includes(':')) return undefined;
  const parts = request.split('/');
  return request.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

/** The package root (folder with its package.json) that contains `file`, or undefined. */
function packageRootOf(file: string, name: string): string | undefined {
  const marker = `${path.sep}node_modules${path.sep}${name.split('/').join(path.sep)}`;
  const i = file.lastIndexOf(marker);
  if (i >= 0) return file.slice(0, i + marker.length);
  let dir = path.dirname(file);
  for (;;) {
    const pj = path.join(dir, 'package.json');
    try {
      if (JSON.parse(fs.readFileSync(pj, 'utf8')).name === name) return dir;
    } catch {
      /* no package.json here */
    }
    const up = path.dirname(dir);
    if (up === dir) return undefined;
    dir = up;
  }
}

function realRoot(anchorDir: string, name: string): SharedModule | undefined {
  try {
    const pj = require.resolve(`${name}/package.json`, { paths: [anchorDir] });
    return { name, root: fs.realpathSync(path.dirname(pj)) };
  } catch {
    return undefined;
  }
}

/** The CLI's own copies: `@zoo/core` as the CLI resolves it, `@zoo/ops` and tfjs-core as that core does. */
export function cliSharedModules(cliDir: string = __dirname): SharedModule[] {
  const core = realRoot(cliDir, '@zoo/core');
  if (!core) return [];
  const fromCore = ['@zoo/ops', '@tensorflow/tfjs-core', '@tensorflow/tfjs-backend-cpu'].map((n) => realRoot(core.root, n));
  return [core, ...fromCore].filter((m): m is SharedModule => m !== undefined);
}

function versionOf(root: string): string {
  try {
    return String(JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')).version);
  } catch {
    return '?';
  }
}

/**
 * Installs the resolve hook (once per thread; later calls keep the first set). `warn` gets one line per
 * second copy found: which copy was asked for, which one loads instead.
 */
export function shareModules(shared: SharedModule[], warn: (line: string) => void): void {
  if (installed || shared.length === 0) return;
  const byName = new Map(shared.map((m) => [m.name, m]));
  const original = internals._resolveFilename;
  installed = { shared, original };
  internals._resolveFilename = function resolveShared(this: unknown, request, parent, isMain, options) {
    const name = packageOfRequest(request);
    const mine = name ? byName.get(name) : undefined;
    if (!mine) return original.call(this, request, parent, isMain, options);
    const ours = original.call(this, request.replace(name!, mine.root), parent, isMain, options);
    let theirs: string | undefined;
    try {
      theirs = fs.realpathSync(original.call(this, request, parent, isMain, options));
    } catch {
      theirs = undefined; // not resolvable from there (a plugin linked from a folder without node_modules)
    }
    const other = theirs && !theirs.startsWith(mine.root + path.sep) ? packageRootOf(theirs, mine.name) : undefined;
    if (other && other !== mine.root && !warned.has(other)) {
      warned.add(other);
      const v = versionOf(other);
      const w = versionOf(mine.root);
      warn(
        `second copy of ${mine.name}${v !== w ? ` (${v})` : ''} at ${other}: loading the CLI's (${w}) at ${mine.root} instead, ` +
          `so that one tfjs engine serves every plugin (make ${mine.name} a peerDependency of the plugin, or install the plugin next to zoo)`,
      );
    }
    return ours;
  };
}

/** Removes the hook (tests). */
export function unshareModules(): void {
  if (!installed) return;
  internals._resolveFilename = installed.original;
  installed = undefined;
  warned.clear();
}
