import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import type { ExecutorContext } from '@nx/devkit';

export interface PublishOptions {
  registry?: string;
  tag?: string;
  dryRun?: boolean;
}

/**
 * Why a registry URL is refused, or undefined when it is allowed: only a loopback registry (the CI's
 * Verdaccio). The zoo is not published to the public registry from here: a missing `--registry` would
 * fall back to npm's default, so it is refused too.
 */
export function refuseRegistry(registry: string | undefined): string | undefined {
  if (!registry) return 'no --registry given (publishing goes to a local registry only, e.g. --registry http://127.0.0.1:4873/)';
  let url: URL;
  try {
    url = new URL(registry);
  } catch {
    return `--registry '${registry}' is not a URL`;
  }
  if (url.protocol !== 'http:' || !['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname)) {
    return `--registry '${registry}': publishing goes to a loopback registry only (http://127.0.0.1:PORT/), never to a public one`;
  }
  return undefined;
}

/** `nx release publish` target of every published package (`nx-release-publish`, inferred by this plugin). */
export default async function publishExecutor(options: PublishOptions, context: ExecutorContext): Promise<{ success: boolean }> {
  const refused = refuseRegistry(options.registry);
  if (refused) {
    console.error(`${context.projectName}: ${refused}`);
    return { success: false };
  }
  const root = path.join(context.root, context.projectsConfigurations!.projects[context.projectName!].root);
  const args = ['publish', '--registry', options.registry!, ...(options.tag ? ['--tag', options.tag] : []), ...(options.dryRun ? ['--dry-run'] : [])];
  const r = spawnSync('npm', args, { cwd: root, stdio: 'inherit', env: { ...process.env, npm_config_registry: options.registry } });
  return { success: r.status === 0 };
}
