import { generateFiles, updateJson, type Tree } from '@nx/devkit';
import { templateDirs, templateVars, type PluginOptions } from '@zoo/create-plugin';

/** The options as Nx hands them over: its argument parser turns `--arxiv 2012.06970` into the number 2012.0697. */
export type PluginGeneratorSchema = Omit<PluginOptions, 'arxiv'> & { arxiv?: string | number };

/**
 * An arXiv id from what Nx parsed: a number gets its trailing zeros back from the id scheme (YYMM.NNNNN from
 * 2015-01 on, YYMM.NNNN before), e.g. 2012.0697 → '2012.06970', 1412.698 → '1412.6980', 704.0001 → '0704.0001'.
 */
export function arxivId(v: string | number | undefined): string | undefined {
  if (typeof v !== 'number') return v;
  if (!Number.isFinite(v) || v < 0) return String(v);
  return v.toFixed(Math.floor(v) >= 1501 ? 5 : 4).padStart(Math.floor(v) >= 1501 ? 10 : 9, '0'); // 0704.0001 lost its leading zero too
}

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
export function generatePlugin(tree: Tree, raw: PluginGeneratorSchema): void {
  const options: PluginOptions = { ...raw, arxiv: arxivId(raw.arxiv) };
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
