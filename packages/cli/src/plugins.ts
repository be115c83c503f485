import * as path from 'node:path';
import type { ZooPlugin } from '@zoo/core';
import { discoverPlugins, stderrLogger } from './lazy-core';

/** Where plugins are looked for: `node_modules` above the current folder and above the CLI itself. */
export function pluginSearchDirs(): string[] {
  return [process.cwd(), __dirname];
}

/** The `ZOO_PLUGINS` entries (plugin modules by path, path-separated). */
export function extraPluginEntries(env: Record<string, string | undefined> = process.env): string[] {
  return (env.ZOO_PLUGINS ?? '').split(path.delimiter).filter(Boolean);
}

/** Plugins installed next to the current folder or next to the CLI itself, plus `ZOO_PLUGINS` entries. */
export function loadPlugins(): ZooPlugin[] {
  const found = discoverPlugins(pluginSearchDirs(), extraPluginEntries());
  for (const e of found.errors) stderrLogger.warn(`plugin failed to load: ${e}`);
  return found.plugins.map((p) => p.plugin);
}
