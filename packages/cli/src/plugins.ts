import * as path from 'node:path';
import { discoverPlugins, stderrLogger, type ZooPlugin } from '@zoo/core';

/** Plugins installed next to the current folder or next to the CLI itself, plus `ZOO_PLUGINS` entries. */
export function loadPlugins(): ZooPlugin[] {
  const extra = (process.env.ZOO_PLUGINS ?? '').split(path.delimiter).filter(Boolean);
  const found = discoverPlugins([process.cwd(), __dirname], extra);
  for (const e of found.errors) stderrLogger.warn(`plugin failed to load: ${e}`);
  return found.plugins.map((p) => p.plugin);
}
