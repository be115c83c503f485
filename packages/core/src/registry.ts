import { z } from 'zod';
import type { DatasetDef } from './contracts/dataset';
import type { Metric } from './contracts/metric';
import type { ModelDef } from './contracts/model';
import { parseRecipeId, type Recipe, type Tier } from './contracts/recipe';
import type { TrainerDef } from './contracts/trainer';
import { applyOverrides, assertOverridesKnown, deepMerge, parseOverride, validateConfig } from './config';
import { PluginNotInstalledError, UnknownIdError, ZooError } from './errors';
import { assertGlobs, isLiteralGlob, matchesAny } from './glob';
import { closestMatch } from './suggest';
import { CORE_METRICS } from './metrics';
import type { ZooPlugin } from './plugin';
import { supervisedTrainerDef } from './trainer/supervised';

/**
 * The npm package a missing plugin is expected in: the zoo's naming convention, `@zoo/plugin-<name>`
 * (the core knows no plugin by name; an installed plugin names its own package in `meta.packageName`).
 */
export function pluginPackageName(pluginName: string): string {
  return `@zoo/plugin-${pluginName}`;
}

/** The merged config of a recipe run: `seed` plus one section per component. */
export interface RunConfig {
  seed: number;
  model: Record<string, unknown>;
  data: Record<string, unknown>;
  trainer: Record<string, unknown>;
}

export interface ResolvedRecipe {
  recipe: Recipe;
  plugin: ZooPlugin;
  model: ModelDef;
  dataset: DatasetDef;
  trainer: TrainerDef;
  metrics: Metric[];
}

/** All installed plugins, indexed. Lookups give actionable errors for unknown ids. */
export class Registry {
  private readonly plugins = new Map<string, ZooPlugin>();
  private readonly coreTrainers = new Map<string, TrainerDef>([[supervisedTrainerDef.id, supervisedTrainerDef]]);

  addCoreTrainer(def: TrainerDef): this {
    this.coreTrainers.set(def.id, def);
    return this;
  }

  register(plugin: ZooPlugin): this {
    const prev = this.plugins.get(plugin.meta.name);
    if (prev && prev !== plugin) {
      const name = (p: ZooPlugin) => `${p.meta.packageName ?? '(no packageName)'} ${p.meta.version}`;
      throw new ZooError(`two plugins named '${plugin.meta.name}' are installed: ${name(prev)} and ${name(plugin)}; uninstall one (see \`zoo doctor\`)`);
    }
    this.plugins.set(plugin.meta.name, plugin);
    return this;
  }

  listPlugins(): ZooPlugin[] {
    return [...this.plugins.values()];
  }

  /** Recipes matching any of the globs (all when none), optionally of some tiers, sorted by id. */
  listRecipes(globs: readonly string[] = [], tiers?: readonly Tier[]): Recipe[] {
    assertGlobs(globs);
    const out: Recipe[] = [];
    for (const p of this.plugins.values()) {
      for (const r of p.recipes) {
        if (matchesAny(r.id, globs) && (!tiers || tiers.includes(r.tier))) out.push(r);
      }
    }
    return out.sort((a, b) => a.id.localeCompare(b.id));
  }

  /**
   * The installed plugin `name`. When none is, a close installed name is suggested (`gnm` → `gnn`, with the
   * closest recipe to `recipeId` when there is one); only when no installed name is close does the error say
   * to install `@zoo/plugin-<name>`.
   */
  getPlugin(name: string, what: string, recipeId?: string): ZooPlugin {
    const p = this.plugins.get(name);
    if (p) return p;
    const names = [...this.plugins.keys()].sort();
    const near = closestMatch(name, names);
    if (near === undefined) throw new PluginNotInstalledError(name, pluginPackageName(name), what);
    const fixed = recipeId === undefined ? undefined : this.closestRecipe(recipeId);
    const asRecipe = fixed ? ` (${fixed})` : '';
    throw new UnknownIdError(`${what}: no plugin '${name}' is installed; did you mean '${near}'${asRecipe}? (installed: ${names.join(', ')})`);
  }

  resolve(recipeId: string): ResolvedRecipe {
    const parts = parseRecipeId(recipeId);
    if (!parts) {
      const near = this.closestRecipe(recipeId);
      const hint = near ? `; did you mean ${near}? (ids look like <plugin>/<model>@<dataset>)` : ': ids look like <plugin>/<model>@<dataset>, e.g. gnn/gcn@cora';
      throw new UnknownIdError(`unknown recipe '${recipeId}'${hint}`);
    }
    const plugin = this.getPlugin(parts.plugin, `recipe '${recipeId}'`, recipeId);
    const recipe = plugin.recipes.find((r) => r.id === recipeId);
    if (!recipe) throw new UnknownIdError(`unknown recipe '${recipeId}'${this.recipeHint(plugin, parts.model, parts.dataset)}`);
    const model = plugin.models.find((m) => m.id === recipe.model)!;
    const dataset = plugin.datasets.find((d) => d.id === recipe.dataset)!;
    const trainerId = recipe.trainer ?? 'supervised';
    const trainer = plugin.trainers?.find((t) => t.id === trainerId) ?? this.coreTrainers.get(trainerId);
    if (!trainer) throw new UnknownIdError(`recipe ${recipeId}: unknown trainer '${trainerId}'`);
    const available = [...(plugin.metrics ?? []), ...CORE_METRICS];
    const metrics = recipe.metrics.map((name) => {
      const m = available.find((x) => x.name === name);
      if (!m) throw new UnknownIdError(`recipe ${recipeId}: unknown metric '${name}'`);
      return m;
    });
    return { recipe, plugin, model, dataset, trainer, metrics };
  }

  /**
   * The installed recipe closest to `id`, part by part: each of plugin, model and dataset is the typed one
   * or its closest installed id (`gnn/gnc@cora` → `gnn/gcn@cora`), and that recipe exists.
   */
  closestRecipe(id: string): string | undefined {
    const parts = parseRecipeId(id) ?? parseRecipeId(id.replace(/^([^/]+\/[^@]+?)[-_:#](?=[^-_:#]+$)/, '$1@'));
    if (!parts) return undefined;
    const near = (word: string, options: string[]) => (options.includes(word) ? word : closestMatch(word, options.sort()));
    const name = near(parts.plugin, [...this.plugins.keys()]);
    const plugin = name === undefined ? undefined : this.plugins.get(name);
    if (!plugin) return undefined;
    const model = near(parts.model, [...new Set(plugin.recipes.map((r) => r.model))]);
    const dataset = near(parts.dataset, [...new Set(plugin.recipes.map((r) => r.dataset))]);
    const fixed = `${name}/${model}@${dataset}`;
    return model !== undefined && dataset !== undefined && fixed !== id && plugin.recipes.some((r) => r.id === fixed) ? fixed : undefined;
  }

  /** Why an unknown recipe of `plugin` is unknown: the closest recipe, else the unknown model or dataset with its closest id. */
  private recipeHint(plugin: ZooPlugin, model: string, dataset: string): string {
    const name = plugin.meta.name;
    const near = this.closestRecipe(`${name}/${model}@${dataset}`);
    if (near) return `; did you mean ${near}?`;
    const ids = plugin.recipes.map((r) => r.id).sort();
    const ofModel = ids.filter((id) => id.startsWith(`${name}/${model}@`));
    if (ofModel.length) return `; recipes of this model: ${ofModel.join(', ')}`;
    const models = [...new Set(plugin.recipes.map((r) => r.model))].sort();
    const datasets = [...new Set(plugin.recipes.map((r) => r.dataset))].sort();
    const parts: string[] = [];
    if (!models.includes(model)) {
      const m = closestMatch(model, models);
      parts.push(`plugin ${name} has no model '${model}'${m ? ` (did you mean ${m}?)` : ''}`);
    }
    if (!datasets.includes(dataset)) {
      const d = closestMatch(dataset, datasets);
      parts.push(`${parts.length ? 'and' : `plugin ${name} has`} no dataset '${dataset}'${d ? ` (did you mean ${d}?)` : ''}`);
    }
    return `: ${parts.join(' ') || `no recipe pairs model ${model} with dataset ${dataset}`}; see \`zoo list '${name}/*'\``;
  }

  /**
   * Why `globs` (in `tiers`) match no recipe, for `zoo list`/`zoo eval`: an id in another tier, a close
   * id for a glob that names one id (`gnn/gnc@cora` → `gnn/gcn@cora`), or an unknown plugin's closest name.
   * Empty when there is nothing to add.
   */
  noMatchHint(globs: readonly string[], tiers?: readonly Tier[]): string {
    const hints: string[] = [];
    for (const g of globs) {
      if (this.listRecipes([g]).length > 0) {
        if (tiers) {
          const other = [...new Set(this.listRecipes([g]).map((r) => r.tier))].filter((t) => !tiers.includes(t));
          if (other.length) hints.push(`'${g}' matches recipes of tier ${other.join(', ')} only (add --tier ${other.join(',')})`);
        }
        continue;
      }
      if (isLiteralGlob(g)) {
        const near = this.closestRecipe(g);
        if (near) {
          hints.push(`did you mean ${near}?`);
          continue;
        }
      }
      const plugin = /^([^/*?[{]+)\//.exec(g)?.[1];
      if (plugin && !this.plugins.has(plugin)) {
        const near = closestMatch(plugin, [...this.plugins.keys()].sort());
        hints.push(near ? `no plugin '${plugin}' is installed; did you mean '${near}'?` : `no plugin '${plugin}' is installed (npm install ${pluginPackageName(plugin)})`);
      }
    }
    return hints.join('; ');
  }

  /**
   * The recipe's merged, validated config: schema defaults (the paper's) ← recipe ← `--set`
   * overrides. Overrides are applied before validation, so a bad value names its field.
   */
  resolveConfig(resolved: ResolvedRecipe, setArgs: readonly string[] = []): RunConfig {
    const { recipe } = resolved;
    const base = {
      seed: 0,
      model: deepMerge({}, recipe.config?.model),
      data: deepMerge({}, recipe.config?.data),
      trainer: deepMerge({}, recipe.config?.trainer),
    };
    const overrides = setArgs.map(parseOverride);
    const schema = z
      .object({
        seed: z.number().int().min(0),
        model: resolved.model.configSchema,
        data: resolved.dataset.configSchema,
        trainer: resolved.trainer.configSchema,
      })
      .strict();
    // an unknown --set key is named with the closest field before zod's "Unrecognized key"
    assertOverridesKnown(undefined, overrides, 'config', schema);
    const raw = applyOverrides(base, overrides);
    const parsed = validateConfig(schema, raw, 'config') as RunConfig;
    assertOverridesKnown(parsed, overrides, 'config');
    return parsed;
  }
}
