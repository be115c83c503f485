import * as path from 'node:path';
import { generateFiles, names, updateJson, type Tree } from '@nx/devkit';

export interface PluginGeneratorSchema {
  name: string;
  description?: string;
  /** Depend on `@zoo/vision` and generate an image dataset on its `ImageDataset` (instead of Gaussian blobs). */
  vision?: boolean;
  /** The paper's title, year and arXiv id, for `src/papers.ts` (defaults: the description, this year, none). */
  paperTitle?: string;
  paperYear?: number;
  arxiv?: string;
}

const FILES = path.join(__dirname, '..', '..', '..', 'files', 'plugin');

/**
 * `nx g @zoo/tools:plugin <name> [--vision]`: creates `packages/plugin-<name>` in the layout the plugins
 * share (`src/{index,papers,recipes}.ts`, `src/models/`, `src/data/`, `src/trainers/`, a test beside each
 * file; templates in `tools/files/plugin/{common,tabular,vision}`), package.json declaring
 * `"zoo": { "plugin": ... }`, a README, and wires it into the root workspaces and TypeScript build.
 */
export async function pluginGenerator(tree: Tree, options: PluginGeneratorSchema): Promise<void> {
  generatePlugin(tree, options);
}

/** The generator's work, synchronous (generateFiles and updateJson are): tests can materialize a plugin while collecting. */
export function generatePlugin(tree: Tree, options: PluginGeneratorSchema): void {
  const name = options.name;
  if (!/^[a-z][a-z0-9-]*$/.test(name)) throw new Error(`plugin name '${name}': expected lowercase letters, digits and dashes`);
  if (options.arxiv !== undefined && !/^\d{4}\.\d{4,5}$/.test(options.arxiv)) throw new Error(`--arxiv '${options.arxiv}': expected an arXiv id like 2101.11859`);
  const year = options.paperYear ?? new Date().getFullYear();
  if (!Number.isInteger(year) || year < 1900 || year > 2100) throw new Error(`--paper-year '${options.paperYear}': expected a year`);
  const root = `packages/plugin-${name}`;
  if (tree.exists(root)) throw new Error(`${root} already exists`);
  const version = (pkg: string) => (tree.exists(`packages/${pkg}/package.json`) ? (JSON.parse(tree.read(`packages/${pkg}/package.json`, 'utf-8')!).version as string) : '0.1.0');
  const vision = options.vision ?? false;
  const description = options.description ?? `zoo plugin '${name}'`;
  const vars = {
    ...names(name),
    name,
    description,
    coreVersion: version('core'),
    visionVersion: version('vision'),
    vision,
    paperTitle: options.paperTitle ?? description,
    paperYear: year,
    arxiv: options.arxiv ?? '',
    ...(vision
      ? { datasetId: 'stripes', datasetExport: 'stripesDataset', datasetExtra: 'stripeSplit', datasetDescription: 'synthetic stripes (8×8 images)' }
      : { datasetId: 'blobs', datasetExport: 'blobsDataset', datasetExtra: 'BlobsDataset', datasetDescription: 'Gaussian blobs' }),
    tmpl: '',
  };
  generateFiles(tree, path.join(FILES, 'common'), root, vars);
  generateFiles(tree, path.join(FILES, vision ? 'vision' : 'tabular'), root, vars);
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
