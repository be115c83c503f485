import { z } from 'zod';
import type { Metric } from './metric';
import type { PaperValue } from './paper';

export type Tier = 'smoke' | 'cpu' | 'paper';
export const TIERS: readonly Tier[] = ['smoke', 'cpu', 'paper'];

/**
 * What a recipe must reach to show it learns: `metric` (default: the headline) ends better than
 * `chance` by at least `margin`, in the metric's unit and direction (above for higher-is-better,
 * below otherwise). `chance` is what guessing scores: 1/classes for a balanced classification,
 * 1/candidates for an alignment's Hits@1. The plugin contract test trains every smoke recipe as
 * declared and checks it; `definePlugin` requires it of every smoke recipe whose headline is a
 * higher-is-better fraction (an accuracy-like metric).
 */
export interface ChanceCheck {
  chance: number;
  margin: number;
  metric?: string;
}

export const chanceCheckSchema = z
  .object({
    chance: z.number().refine(Number.isFinite, 'expected a finite number'),
    margin: z.number().positive(),
    metric: z.string().min(1).optional(),
  })
  .strict();

/** Sections of a recipe's config; each is validated by the schema of the model, dataset, trainer. */
export interface RecipeConfig {
  model?: Record<string, unknown>;
  data?: Record<string, unknown>;
  trainer?: Record<string, unknown>;
}

/**
 * A runnable experiment: a model on a dataset with a trainer, at a tier.
 * Id format: `<plugin>/<model>@<dataset>`.
 */
export interface Recipe {
  id: string;
  /** ModelDef id in the same plugin. */
  model: string;
  /** DatasetDef id in the same plugin. */
  dataset: string;
  /** TrainerDef id; defaults to the core's `supervised` trainer. */
  trainer?: string;
  tier: Tier;
  /** Metric names, headline first. */
  metrics: string[];
  config?: RecipeConfig;
  paper?: PaperValue[];
  /** The chance level this recipe must beat, and by how much (see ChanceCheck); smoke recipes declare it. */
  beats?: ChanceCheck;
  description?: string;
}

export interface RecipeIdParts {
  plugin: string;
  model: string;
  dataset: string;
}

const RECIPE_ID = /^([a-z0-9][a-z0-9-]*)\/([a-z0-9][a-z0-9.\-]*)@([a-z0-9][a-z0-9._\-]*)$/;

export function parseRecipeId(id: string): RecipeIdParts | null {
  const m = RECIPE_ID.exec(id);
  return m ? { plugin: m[1], model: m[2], dataset: m[3] } : null;
}

/**
 * Problems of a recipe's `beats` and paper values against its metrics' units, each as one phrase;
 * `known` holds the metrics the recipe can use (its plugin's and the core's), by name. A metric not
 * in `known` is the registry's to report (unknown metric), not this check's.
 */
export function recipeMetricProblems(recipe: Recipe, known: ReadonlyMap<string, Metric>): string[] {
  const out: string[] = [];
  const headline = known.get(recipe.metrics[0]);
  if (recipe.beats === undefined) {
    if (recipe.tier === 'smoke' && headline?.unit === 'fraction' && headline.higherIsBetter) {
      out.push(`a smoke recipe with an accuracy-like headline (${headline.name}) must declare beats: { chance, margin } (e.g. chance 1/classes), so the contract test can tell it learns`);
    }
  } else {
    const res = chanceCheckSchema.safeParse(recipe.beats);
    if (!res.success) {
      const issue = res.error.issues[0];
      out.push(`beats.${issue.path.map(String).join('.') || '(root)'}: ${issue.message.replace(/^Invalid input: /, '')}`);
    } else {
      const { chance, margin } = res.data;
      const name = res.data.metric ?? recipe.metrics[0];
      const m = known.get(name);
      if (!recipe.metrics.includes(name)) out.push(`beats.metric '${name}' is not one of its metrics (${recipe.metrics.join(', ')})`);
      else if (m?.unit === 'fraction') {
        const target = m.higherIsBetter ? chance + margin : chance - margin;
        if (chance < 0 || chance > 1) out.push(`beats.chance ${chance}: ${name} is a fraction, expected 0..1`);
        else if (target < 0 || target > 1) out.push(`beats: ${name} cannot reach ${target} (chance ${chance} ${m.higherIsBetter ? '+' : '−'} margin ${margin}), a fraction is 0..1`);
      }
    }
  }
  for (const p of recipe.paper ?? []) {
    if (known.get(p.metric)?.unit === 'fraction' && (p.value < 0 || p.value > 1)) {
      out.push(`paper value ${p.value} for ${p.metric}: a fraction is 0..1 (write 0.815, not 81.5)`);
    }
  }
  return out;
}
