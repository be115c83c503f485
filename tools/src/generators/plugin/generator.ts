import * as path from 'node:path';
import { generateFiles, names, updateJson, type Tree } from '@nx/devkit';

export interface PluginGeneratorSchema {
  name: string;
  description?: string;
}

/**
 * `nx g @zoo/tools:plugin <name>`: creates `packages/plugin-<name>` (package.json declaring
 * `"zoo": { "plugin": ... }`, a model, a dataset, a smoke recipe, the core contract tests, a README)
 * and wires it into the root workspaces and TypeScript build.
 */
export async function pluginGenerator(tree: Tree, options: PluginGeneratorSchema): Promise<void> {
  const name = options.name;
  if (!/^[a-z][a-z0-9-]*$/.test(name)) throw new Error(`plugin name '${name}': expected lowercase letters, digits and dashes`);
  const root = `packages/plugin-${name}`;
  if (tree.exists(root)) throw new Error(`${root} already exists`);
  const coreVersion = tree.exists('packages/core/package.json')
    ? (JSON.parse(tree.read('packages/core/package.json', 'utf-8')!).version as string)
    : '0.1.0';
  generateFiles(tree, path.join(__dirname, '..', '..', '..', 'files', 'plugin'), root, {
    ...names(name),
    name,
    description: options.description ?? `zoo plugin '${name}'`,
    coreVersion,
    tmpl: '',
  });
  if (tree.exists('package.json')) {
    updateJson(tree, 'package.json', (pkg) => {
      pkg.workspaces ??= [];
      if (!pkg.workspaces.includes(root)) pkg.workspaces.splice(Math.max(pkg.workspaces.indexOf('packages/cli'), 0), 0, root);
      return pkg;
    });
  }
  if (tree.exists('tsconfig.json')) {
    updateJson(tree, 'tsconfig.json', (ts) => {
      ts.references ??= [];
      if (!ts.references.some((r: { path: string }) => r.path === `./${root}`)) ts.references.push({ path: `./${root}` });
      return ts;
    });
  }
}

export default pluginGenerator;
