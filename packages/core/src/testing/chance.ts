import type { Metric } from '../contracts/metric';
import type { Recipe } from '../contracts/recipe';
import { ZooError } from '../errors';
import type { RunResult } from '../run-types';

/**
 * Why a run of `recipe` does not show learning, or null when it does: its `beats` metric must end
 * better than `chance` by at least `margin` (above for higher-is-better, below otherwise). A recipe
 * without `beats` passes (definePlugin requires it where a chance level is meaningful).
 */
export function chanceCheckFailure(recipe: Recipe, metrics: readonly Metric[], result: RunResult): string | null {
  const check = recipe.beats;
  if (!check) return null;
  const name = check.metric ?? recipe.metrics[0];
  const metric = metrics.find((m) => m.name === name);
  if (!metric) return `${recipe.id}: beats.metric '${name}' is not one of its metrics`;
  const value = result.metrics[name];
  const target = metric.higherIsBetter ? check.chance + check.margin : check.chance - check.margin;
  const ok = Number.isFinite(value) && (metric.higherIsBetter ? value >= target : value <= target);
  if (ok) return null;
  const op = metric.higherIsBetter ? '≥' : '≤';
  return `${recipe.id}: ${name} ${value} does not beat chance ${check.chance} by its margin ${check.margin} (needs ${op} ${target}): the recipe does not learn on its smoke setting`;
}

/** Throws a ZooError with `chanceCheckFailure`'s line when the run is not better than chance by the margin. */
export function assertBeatsChance(recipe: Recipe, metrics: readonly Metric[], result: RunResult): void {
  const failure = chanceCheckFailure(recipe, metrics, result);
  if (failure) throw new ZooError(failure);
}
