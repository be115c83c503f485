import type { MetricUnit } from './contracts/metric';
import type { Recipe } from './contracts/recipe';
import { DataMissingError, ZooError } from './errors';
import type { RunResult } from './run-types';

/** One row of `zoo eval` (and of `--json`/`--csv`): a recipe's metric over its seeds. */
export interface EvalRow {
  recipe: string;
  metric: string;
  /** The metric's unit (`fraction`, `count`, ...): how to read `mean`, `std` and `paper`, which stay raw. */
  unit: MetricUnit;
  mean: number | null;
  /** Sample standard deviation (n − 1) over the seeds; 0 with one seed (the table then shows no ±). */
  std: number | null;
  seeds: number;
  /** The paper's value of this metric (in `unit`), or null. */
  paper: number | null;
  /** The runs' own time, summed over the seeds: data loading, training and testing, measured inside each run. */
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
  /** The run's own time: `result.seconds`, or for an error the time until it (see `runSecondsOf`). */
  seconds: number;
}

const RUN_SECONDS = 'runSeconds';

/**
 * Tags an error with how long its run took before failing (a worker measures this around the run
 * alone, so the worker's start-up is not counted); returns the error.
 */
export function withRunSeconds<E>(error: E, seconds: number): E {
  if (typeof error === 'object' && error !== null) Object.defineProperty(error, RUN_SECONDS, { value: seconds, enumerable: false, configurable: true });
  return error;
}

/** The run time a failed run's error carries (`withRunSeconds`), if any. */
export function runSecondsOf(error: unknown): number | undefined {
  const s = typeof error === 'object' && error !== null ? (error as Record<string, unknown>)[RUN_SECONDS] : undefined;
  return typeof s === 'number' ? s : undefined;
}

/**
 * A recipe's rows, one per metric: mean and sample standard deviation (n − 1) over the seeds that
 * ran, in seed order. Any error makes the recipe `skipped` (missing data) or `failed` (anything else).
 * `units` maps each metric to its unit (`value` where unknown).
 */
export function rowsFor(recipe: Recipe, outcomes: RunOutcome[], backend: string, units: Readonly<Record<string, MetricUnit>> = {}): EvalRow[] {
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
      unit: units[metric] ?? 'value',
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
