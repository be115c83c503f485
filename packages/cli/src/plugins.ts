import * as path from 'node:path';
import type { DiscoveryResult, ZooPlugin } from '@zoo/core';
import { discoverPlugins, stderrLogger, ZooError } from './lazy-core';
import { cliSharedModules, shareModules } from './shared-modules';

/** Where plugins are looked for: `node_modules` above the current folder and above the CLI itself. */
export function pluginSearchDirs(): string[] {
  return [process.cwd(), __dirname];
}

/** The `ZOO_PLUGINS` entries (plugin modules or plugin package folders by path, path-separated). */
export function extraPluginEntries(env: Record<string, string | undefined> = process.env): string[] {
  return (env.ZOO_PLUGINS ?? '').split(path.delimiter).filter(Boolean);
}

/**
 * Plugins installed next to the current folder or next to the CLI itself, plus `ZOO_PLUGINS` entries
 * (path-separated plugin modules or plugin package folders). Nothing is loaded twice. Every plugin loads
 * against the CLI's own `@zoo/core`, `@zoo/ops` and tfjs-core (`shared-modules.ts`): a plugin with its own
 * copy gets one warning naming both paths, and one linked from outside finds `@zoo/core`.
 */
export function discoverInstalled(): DiscoveryResult {
  shareModules(cliSharedModules(), (line) => stderrLogger.warn(line));
  return discoverPlugins(pluginSearchDirs(), extraPluginEntries());
}

let lastFailures: string[] = [];

/**
 * The installed plugins. A plugin that fails to load is a warning with what to run (the others still
 * work); two plugins with one name are an error naming both packages (`zoo doctor` reports it too).
 */
export function loadPlugins(): ZooPlugin[] {
  const found = discoverInstalled();
  lastFailures = found.errors;
  for (const e of found.errors) stderrLogger.warn(`plugin failed to load: ${e}`);
  if (found.collisions.length > 0) throw new ZooError(found.collisions.join('; '));
  return found.plugins.map((p) => p.plugin);
}

/** The load failures of the last `loadPlugins` (for "no recipes match" hints). */
export function pluginLoadFailures(): readonly string[] {
  return lastFailures;
}

/** ` (N plugin(s) failed to load; see the warnings above)`, or '' when all loaded. */
export function failedPluginsNote(): string {
  const n = lastFailures.length;
  return n === 0 ? '' : ` (${n} plugin${n > 1 ? 's' : ''} failed to load: see the warning${n > 1 ? 's' : ''} above, or \`zoo doctor\`)`;
}
