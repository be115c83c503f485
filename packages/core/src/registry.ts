import { z } from 'zod';
import type { DatasetDef } from './contracts/dataset';
import type { Metric } from './contracts/metric';
import type { ModelDef } from './contracts/model';
import { parseRecipeId, type Recipe, type Tier } from './contracts/recipe';
import type { TrainerDef } from './contracts/trainer';
import { applyOverrides, assertOverridesKnown, deepMerge, parseOverride, validateConfig } from './config';
import { PluginNotInstalledError, UnknownIdError, ZooError } from './errors';
import { matchesAny } from './glob';
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
      throw new ZooError(
        `two plugins named '${plugin.meta.name}' are installed (${prev.meta.packageName ?? '?'} ${prev.meta.version} and ${plugin.meta.packageName ?? '?'} ${plugin.meta.version})`,
      );
    }
    this.plugins.set(plugin.meta.name, plugin);
    return this;
  }

  listPlugins(): ZooPlugin[] {
    return [...this.plugins.values()];
  }

  /** Recipes matching any of the globs (all when none), optionally of some tiers, sorted by id. */
  listRecipes(globs: readonly string[] = [], tiers?: readonly Tier[]): Recipe[] {
    const out: Recipe[] = [];
    for (const p of this.plugins.values()) {
      for (const r of p.recipes) {
        if (matchesAny(r.id, globs) && (!tiers || tiers.includes(r.tier))) out.push(r);
      }
    }
    return out.sort((a, b) => a.id.localeCompare(b.id));
  }

  getPlugin(name: string, what: string): ZooPlugin {
    const p = this.plugins.get(name);
    if (!p) throw new PluginNotInstalledError(name, pluginPackageName(name), what);
    return p;
  }

  resolve(recipeId: string): ResolvedRecipe {
    const parts = parseRecipeId(recipeId);
    if (!parts) throw new UnknownIdError(`unknown recipe '${recipeId}': ids look like <plugin>/<model>@<dataset>, e.g. gnn/gcn@cora`);
    const plugin = this.getPlugin(parts.plugin, `recipe '${recipeId}'`);
    const recipe = plugin.recipes.find((r) => r.id === recipeId);
    if (!recipe) {
      const near = plugin.recipes.filter((r) => r.id.startsWith(`${parts.plugin}/${parts.model}@`)).map((r) => r.id);
      const hint = near.length ? `; recipes of this model: ${near.join(', ')}` : `; see \`zoo list '${parts.plugin}/*'\``;
      throw new UnknownIdError(`unknown recipe '${recipeId}'${hint}`);
    }
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
    const raw = applyOverrides(base, overrides);
    const schema = z
      .object({
        seed: z.number().int().min(0),
        model: resolved.model.configSchema,
        data: resolved.dataset.configSchema,
        trainer: resolved.trainer.configSchema,
      })
      .strict();
    const parsed = validateConfig(schema, raw, 'config') as RunConfig;
    assertOverridesKnown(parsed, overrides, 'config');
    return parsed;
  }
}
