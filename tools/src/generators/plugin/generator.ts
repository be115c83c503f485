import { generateFiles, updateJson, type Tree } from '@nx/devkit';
import { templateDirs, templateVars, type PluginOptions } from '@zoo/create-plugin';

export type PluginGeneratorSchema = PluginOptions;

/**
 * `nx g @zoo/tools:plugin <name> [--vision]`: creates `packages/plugin-<name>` in the layout the plugins
 * share (`src/{index,papers,recipes}.ts`, `src/models/`, `src/data/`, `src/trainers/`, a test beside each
 * file; the one template, `@zoo/create-plugin`'s `template/{common,tabular,vision}`, that `npm create @zoo/plugin` also renders), package.json declaring
 * `"zoo": { "plugin": ... }`, a README, and wires it into the root workspaces and TypeScript build.
 */
export async function pluginGenerator(tree: Tree, options: PluginGeneratorSchema): Promise<void> {
  generatePlugin(tree, options);
}

/** The generator's work, synchronous (generateFiles and updateJson are): tests can materialize a plugin while collecting. */
export function generatePlugin(tree: Tree, options: PluginGeneratorSchema): void {
  const name = options.name;
  const version = (pkg: string) => (tree.exists(`packages/${pkg}/package.json`) ? (JSON.parse(tree.read(`packages/${pkg}/package.json`, 'utf-8')!).version as string) : '0.1.0');
  const vars = templateVars(options, { core: version('core'), vision: version('vision') }, false);
  const root = `packages/plugin-${name}`;
  if (tree.exists(root)) throw new Error(`${root} already exists`);
  for (const dir of templateDirs(vars)) generateFiles(tree, dir, root, vars);
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
