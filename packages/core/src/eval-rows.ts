import type { Recipe } from './contracts/recipe';
import { DataMissingError, ZooError } from './errors';
import type { RunResult } from './run-types';

/** One row of `zoo eval` (and of `--json`/`--csv`): a recipe's metric over its seeds. */
export interface EvalRow {
  recipe: string;
  metric: string;
  mean: number | null;
  std: number | null;
  seeds: number;
  /** The paper's value of this metric (a fraction), or null. */
  paper: number | null;
  seconds: number;
  backend: string;
  status: 'ok' | 'skipped' | 'failed';
  reason: string | null;
  /**
   * The data the runs used (`embedded`, `synthetic` or the path read under `--data-dir`); null when none
   * ran. Always set by `rowsFor` (optional in the type only for rows made by hand).
   */
  data?: string | null;
}

/** What one planned run ended in. */
export interface RunOutcome {
  seed: number;
  result?: RunResult;
  error?: unknown;
  seconds: number;
}

/**
 * A recipe's rows, one per metric: mean and sample standard deviation (n − 1) over the seeds that
 * ran, in seed order. Any error makes the recipe `skipped` (missing data) or `failed` (anything else).
 */
export function rowsFor(recipe: Recipe, outcomes: RunOutcome[], backend: string): EvalRow[] {
  const failure = outcomes.find((o) => o.error)?.error;
  const status: EvalRow['status'] = failure === undefined ? 'ok' : failure instanceof DataMissingError ? 'skipped' : 'failed';
  const reason = failure === undefined ? null : failure instanceof ZooError ? failure.message : String((failure as Error)?.stack ?? failure);
  const seconds = outcomes.reduce((a, o) => a + o.seconds, 0);
  const ordered = [...outcomes].sort((a, b) => a.seed - b.seed);
  const sources = [...new Set(ordered.flatMap((o) => (o.result?.data !== undefined ? [o.result.data] : [])))];
  const data = sources.length ? sources.join(', ') : null;
  return recipe.metrics.map((metric): EvalRow => {
    const v = status === 'ok' ? ordered.map((o) => o.result!.metrics[metric]).filter((x) => x !== undefined) : [];
    const mean = v.length ? v.reduce((a, b) => a + b, 0) / v.length : null;
    const std = mean === null ? null : v.length > 1 ? Math.sqrt(v.reduce((a, b) => a + (b - mean) ** 2, 0) / (v.length - 1)) : 0;
    return {
      recipe: recipe.id,
      metric,
      mean,
      std,
      seeds: v.length,
      paper: recipe.paper?.find((p) => p.metric === metric)?.value ?? null,
      seconds,
      backend,
      status,
      reason,
      data,
    };
  });
}
