import type { DatasetDef } from './contracts/dataset';
import { metricSchema, type Metric } from './contracts/metric';
import type { ModelDef } from './contracts/model';
import { parseRecipeId, recipeMetricProblems, TIERS, type Recipe } from './contracts/recipe';
import type { TrainerDef } from './contracts/trainer';
import { ZooError } from './errors';
import type { ServiceRegistration } from './services';
import { assertPaperProblems, paperRefProblems, paperValueProblems } from './contracts/paper';
import { validateConfig } from './config';
import { CORE_METRICS } from './metrics';

export interface PluginMeta {
  /** Short name, the recipe-id prefix: `gnn` in `gnn/gcn@cora`. */
  name: string;
  version: string;
  /** npm package that provides it (shown when a recipe of a missing plugin is asked for). */
  packageName?: string;
  description?: string;
}

/** A plugin is a plain object; the core never imports a plugin. */
export interface ZooPlugin {
  meta: PluginMeta;
  models: ModelDef<any>[];
  datasets: DatasetDef<any>[];
  trainers?: TrainerDef<any>[];
  metrics?: Metric[];
  recipes: Recipe[];
  /** Default implementations of strategy tokens this plugin's classes `@inject` (overridable). */
  services?: ServiceRegistration[];
}

/** Checks a plugin's internal consistency (ids, references) and returns it unchanged. */
export function definePlugin(plugin: ZooPlugin): ZooPlugin {
  const { name } = plugin.meta;
  if (!/^[a-z0-9][a-z0-9-]*$/.test(name)) {
    throw new ZooError(`plugin meta.name '${name}': expected lowercase letters, digits and dashes`);
  }
  unique(name, 'model', plugin.models.map((m) => m.id));
  unique(name, 'dataset', plugin.datasets.map((d) => d.id));
  unique(name, 'recipe', plugin.recipes.map((r) => r.id));
  // every metric declares its unit (and the rest of the Metric shape): one line for a plain-JS plugin's slip
  (plugin.metrics ?? []).forEach((m, i) => validateConfig(metricSchema, m, `plugin '${name}' metric ${typeof m?.name === 'string' ? `'${m.name}'` : `[${i}]`}`));
  const known = new Map<string, Metric>([...CORE_METRICS, ...(plugin.metrics ?? [])].map((m) => [m.name, m]));
  const models = new Set(plugin.models.map((m) => m.id));
  const datasets = new Set(plugin.datasets.map((d) => d.id));
  for (const r of plugin.recipes) {
    const parts = parseRecipeId(r.id);
    if (!parts || parts.plugin !== name) {
      throw new ZooError(`plugin '${name}': recipe id '${r.id}' must look like '${name}/<model>@<dataset>'`);
    }
    if (!models.has(r.model)) throw new ZooError(`recipe ${r.id}: unknown model '${r.model}' in plugin '${name}'`);
    if (!datasets.has(r.dataset)) throw new ZooError(`recipe ${r.id}: unknown dataset '${r.dataset}' in plugin '${name}'`);
    if (!TIERS.includes(r.tier)) throw new ZooError(`recipe ${r.id}: tier '${r.tier}' is not one of ${TIERS.join(', ')}`);
    if (r.metrics.length === 0) throw new ZooError(`recipe ${r.id}: needs at least one metric (headline first)`);
    if (r.paper !== undefined) {
      const problems = Array.isArray(r.paper) ? r.paper.flatMap((p, i) => paperValueProblems(p, `paper[${i}]`)) : ['paper: expected an array of { metric, value, ref, where }'];
      assertPaperProblems(`recipe ${r.id}`, problems);
      for (const p of r.paper) {
        if (!r.metrics.includes(p.metric)) throw new ZooError(`recipe ${r.id}: paper value for '${p.metric}', which is not one of its metrics (${r.metrics.join(', ')})`);
      }
    }
    const problems = recipeMetricProblems(r, known);
    if (problems.length) throw new ZooError(`recipe ${r.id}: ${problems.join('; ')}`);
  }
  for (const t of plugin.trainers ?? []) {
    if (t.paper !== undefined) assertPaperProblems(`trainer ${t.id} of plugin '${name}'`, paperRefProblems(t.paper, 'paper'));
  }
  for (const m of plugin.models) {
    if (m.paper !== undefined) assertPaperProblems(`model ${m.id} of plugin '${name}'`, paperRefProblems(m.paper, 'paper'));
  }
  return plugin;
}

function unique(plugin: string, what: string, ids: string[]): void {
  const seen = new Set<string>();
  for (const id of ids) {
    if (seen.has(id)) throw new ZooError(`plugin '${plugin}': duplicate ${what} id '${id}'`);
    seen.add(id);
  }
}
