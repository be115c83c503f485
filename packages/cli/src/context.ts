import type { BackendInfo, Registry, ZooPlugin } from '@zoo/core';
import { createZooContainer, resolveBackend, Runner, stderrLogger, TOKENS } from './lazy-core';
import { loadPlugins } from './plugins';

/** What every command gets from `buildProgram`: where to print, the plugins, and the services. */
export interface CommandContext {
  /** stdout (tests capture it). */
  out: (s: string) => void;
  plugins: () => ZooPlugin[];
  /** The registry of the installed plugins (list, info, config: no backend needed). */
  registry: () => Registry;
  /** Resolves the backend (flag, else ZOO_BACKEND, else the best), logs it and builds a runner on it. */
  withRunner: (backendFlag: string | undefined) => Promise<{ runner: Runner; registry: Registry; backend: BackendInfo }>;
  /** Sets the process exit code (eval: failed runs, `--strict` skips). */
  setExitCode: (code: number) => void;
}

export function createCommandContext(out: (s: string) => void, setExitCode: (code: number) => void): CommandContext {
  const plugins = () => loadPlugins();
  return {
    out,
    plugins,
    setExitCode,
    registry: () => createZooContainer({ plugins: plugins() }).resolve<Registry>(TOKENS.Registry),
    withRunner: async (backendFlag) => {
      const backend = await resolveBackend(backendFlag ?? (process.env.ZOO_BACKEND || undefined));
      stderrLogger.info(`backend: ${backend.name}${backend.skipped.length ? ` (skipped ${backend.skipped.join('; ')})` : ''}`);
      const c = createZooContainer({ plugins: plugins(), backend, logger: stderrLogger });
      return { runner: c.resolve(Runner), registry: c.resolve<Registry>(TOKENS.Registry), backend };
    },
  };
}
