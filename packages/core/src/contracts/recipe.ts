import type { PaperValue } from './paper';

export type Tier = 'smoke' | 'cpu' | 'paper';
export const TIERS: readonly Tier[] = ['smoke', 'cpu', 'paper'];


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
