import type { ClassProvider, DependencyContainer, FactoryProvider, InjectionToken, ValueProvider } from 'tsyringe';

/**
 * An implementation of a strategy token (a graph partitioner, a sampler, ...) registered in the zoo's
 * container. A plugin gives its defaults in `ZooPlugin.services`; a user (`createZooContainer({
 * services })`) or another plugin (`override: true`) replaces one by registering the same token: the
 * last registration wins, and the classes that `@inject(token)` get it.
 */
export type ServiceRegistration<T = any> = { token: InjectionToken<T>; override?: boolean } & (ValueProvider<T> | ClassProvider<T> | FactoryProvider<T>);

/** Registers plugin defaults first (in plugin order), then plugins' overrides, then the user's. */
export function registerServices(c: DependencyContainer, fromPlugins: readonly ServiceRegistration[], fromUser: readonly ServiceRegistration[] = []): void {
  const ordered = [...fromPlugins.filter((s) => !s.override), ...fromPlugins.filter((s) => s.override), ...fromUser];
  for (const s of ordered) {
    const { token, override: _o, ...provider } = s;
    c.register(token, provider as ValueProvider<unknown>);
  }
}
