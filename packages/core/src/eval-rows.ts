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
  /**
   * What guessing scores on this metric (in `unit`): the recipe's `beats.chance` for its beats metric,
   * else the metric's own (`Metric.chance` on the test data); null when unknown. Optional in the type
   * only for rows made by hand (`rowsFor` always sets it).
   */
  chance?: number | null;
  /** The mean does not beat `chance` by more than `chanceTolerance` (false when either is null). */
  atChance?: boolean;
}

/**
 * How close to chance a mean counts as "at chance": within 10% of the chance level, and at least 0.01
 * (one point of a fraction), so a run guessing among 7 classes (14.3%) is flagged up to 15.7%.
 */
export function chanceTolerance(chance: number): number {
  return Math.max(0.1 * Math.abs(chance), 0.01);
}

/** Whether `mean` fails to beat `chance` by more than the tolerance, in the metric's direction (worse than chance counts). */
export function isAtChance(mean: number | null, chance: number | null, higherIsBetter = true): boolean {
  if (mean === null || chance === null) return false;
  const tol = chanceTolerance(chance);
  return higherIsBetter ? mean <= chance + tol : mean >= chance - tol;
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
export function rowsFor(
  recipe: Recipe,
  outcomes: RunOutcome[],
  backend: string,
  units: Readonly<Record<string, MetricUnit>> = {},
  /** Each metric's direction (higher is better where not given), for `atChance`. */
  higherIsBetter: Readonly<Record<string, boolean>> = {},
): EvalRow[] {
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
    const chance = chanceFor(recipe, metric, ordered);
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
      chance,
      atChance: isAtChance(mean, chance, higherIsBetter[metric] ?? true),
    };
  });
}

/** The recipe's declared `beats.chance` for its beats metric, else the runs' own (`RunResult.chance`), else null. */
function chanceFor(recipe: Recipe, metric: string, outcomes: RunOutcome[]): number | null {
  if (recipe.beats && (recipe.beats.metric ?? recipe.metrics[0]) === metric) return recipe.beats.chance;
  const c = outcomes.map((o) => o.result?.chance?.[metric]).filter((x): x is number => typeof x === 'number');
  return c.length ? c.reduce((a, b) => a + b, 0) / c.length : null;
}
