import * as path from 'node:path';
import { discoverPlugins, stderrLogger, type ZooPlugin } from '@zoo/core';
import { cliSharedModules, shareModules } from './shared-modules';

/**
 * Plugins installed next to the current folder or next to the CLI itself, plus `ZOO_PLUGINS` entries.
 * Every plugin loads against the CLI's own `@zoo/core`, `@zoo/ops` and tfjs-core (`shared-modules.ts`): a
 * plugin with its own copy gets one warning naming both paths, and one linked from outside finds `@zoo/core`.
 */
export function loadPlugins(): ZooPlugin[] {
  shareModules(cliSharedModules(), (line) => stderrLogger.warn(line));
  const extra = (process.env.ZOO_PLUGINS ?? '').split(path.delimiter).filter(Boolean);
  const found = discoverPlugins([process.cwd(), __dirname], extra);
  for (const e of found.errors) stderrLogger.warn(`plugin failed to load: ${e}`);
  return found.plugins.map((p) => p.plugin);
}
