import 'reflect-metadata';
import { container as rootContainer, type DependencyContainer } from 'tsyringe';
import type { BackendInfo } from './backend';
import type { ZooPlugin } from './plugin';
import { Registry } from './registry';
import { Runner } from './runner';
import { registerServices, type ServiceRegistration } from './services';
import { TOKENS, silentLogger, type Logger } from './tokens';

export interface ZooContainerOptions {
  plugins: ZooPlugin[];
  /** Needed by the Runner (train/eval); listing and config work without one. */
  backend?: BackendInfo;
  logger?: Logger;
  /** The user's implementations of strategy tokens; they win over the plugins' defaults. */
  services?: ServiceRegistration[];
  /** Parent container; defaults to tsyringe's global one. Never reset: each zoo gets its own child. */
  parent?: DependencyContainer;
}

/** A child container holding the registry, logger, backend and runner of one zoo session (CLI call or test). */
export function createZooContainer(opts: ZooContainerOptions): DependencyContainer {
  const c = (opts.parent ?? rootContainer).createChildContainer();
  const registry = new Registry();
  for (const p of opts.plugins) registry.register(p);
  c.register(TOKENS.Registry, { useValue: registry });
  c.register(TOKENS.Logger, { useValue: opts.logger ?? silentLogger });
  if (opts.backend) c.register(TOKENS.BackendInfo, { useValue: opts.backend });
  c.register(TOKENS.Container, { useValue: c });
  c.register(Runner, { useClass: Runner });
  registerServices(c, opts.plugins.flatMap((p) => p.services ?? []), opts.services);
  return c;
}
