import * as path from 'node:path';

/** What a plugin is scaffolded from: `npm create @zoo/plugin` flags and `nx g @zoo/tools:plugin` options. */
export interface PluginOptions {
  name: string;
  description?: string;
  /** Depend on `@zoo/vision` and generate an image dataset on its `ImageDataset` (instead of Gaussian blobs). */
  vision?: boolean;
  /** The paper's title, year and arXiv id, for `src/papers.ts` (defaults: the description, this year, none). */
  paperTitle?: string;
  paperYear?: number;
  arxiv?: string;
}

/** The one template (`template/{common,tabular,vision,standalone}`), shared with the monorepo's Nx generator. */
export const TEMPLATE_DIR = path.join(__dirname, '..', 'template');

export type TemplateVars = Record<string, string | number | boolean>;

/**
 * Checks the options (one line naming the flag on a bad one) and gives the template's variables.
 * `standalone`: a package that builds and tests on its own (scripts, devDependencies, tsconfig and jest
 * config of its own), as `npm create @zoo/plugin` makes; else a monorepo workspace.
 */
export function templateVars(options: PluginOptions, versions: { core: string; vision: string }, standalone: boolean): TemplateVars {
  const name = options.name;
  if (!/^[a-z][a-z0-9-]*$/.test(name)) throw new Error(`plugin name '${name}': expected lowercase letters, digits and dashes`);
  if (options.arxiv !== undefined && !/^\d{4}\.\d{4,5}$/.test(options.arxiv)) throw new Error(`--arxiv '${options.arxiv}': expected an arXiv id like 2101.11859`);
  const year = options.paperYear ?? new Date().getFullYear();
  if (!Number.isInteger(year) || year < 1900 || year > 2100) throw new Error(`--paper-year '${options.paperYear}': expected a year`);
  const vision = options.vision ?? false;
  const description = options.description ?? `zoo plugin '${name}'`;
  return {
    name,
    description,
    coreVersion: versions.core,
    visionVersion: versions.vision,
    vision,
    standalone,
    paperTitle: options.paperTitle ?? description,
    paperYear: year,
    arxiv: options.arxiv ?? '',
    ...(vision
      ? { datasetId: 'stripes', datasetExport: 'stripesDataset', datasetExtra: 'stripeSplit', datasetDescription: 'synthetic stripes (8×8 images)' }
      : { datasetId: 'blobs', datasetExport: 'blobsDataset', datasetExtra: 'BlobsDataset', datasetDescription: 'Gaussian blobs' }),
    tmpl: '',
  };
}

/** The template folders a plugin is made from, in order (later ones add files). */
export function templateDirs(vars: TemplateVars): string[] {
  const dirs = ['common', vars.vision ? 'vision' : 'tabular', ...(vars.standalone ? ['standalone'] : [])];
  return dirs.map((d) => path.join(TEMPLATE_DIR, d));
}
