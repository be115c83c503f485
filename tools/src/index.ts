import * as path from 'node:path';
import { createNodesFromFiles, type CreateNodesV2, type TargetConfiguration } from '@nx/devkit';

/**
 * Nx workspace plugin: every `packages/<name>/package.json` (and `tools/bench`) with a `tsconfig.json` beside it gets
 * inferred `build` (tsc -b) and `test` (jest on that package) targets, so `nx run-many -t test`
 * and `nx affected -t test` work without per-package project.json files; published ones also get
 * `nx-release-publish` (`release/publish-executor.ts`: npm publish to a loopback registry only).
 */
export const createNodesV2: CreateNodesV2 = [
  '{packages/*,tools/bench}/package.json',
  (files, _options, context) =>
    createNodesFromFiles(
      (file) => {
        const root = path.dirname(file);
        const hasTs = require('node:fs').existsSync(path.join(context.workspaceRoot, root, 'tsconfig.json'));
        if (!hasTs) return {};
        const pkg = JSON.parse(require('node:fs').readFileSync(path.join(context.workspaceRoot, file), 'utf8'));
        // published packages: `nx release publish` runs npm publish, to a loopback registry only (all at once: a
        // registry does not check that dependencies were published first)
        const publish: Record<string, TargetConfiguration> = pkg.private ? {} : { 'nx-release-publish': { executor: '@zoo/tools:publish', options: {}, dependsOn: [] } };
        return {
          projects: {
            [root]: {
              targets: {
                build: { command: `tsc -b ${root}`, cache: true, inputs: ['production', '^production'], outputs: [`{projectRoot}/dist`] },
                test: { command: `jest ${root}`, options: { cwd: '{workspaceRoot}' }, dependsOn: ['^build'] },
                ...publish,
              },
            },
          },
        };
      },
      files,
      _options,
      context,
    ),
];
