import { z } from 'zod';
import { tf } from '../tf';
import type { Dataset, SplitName } from './dataset';
import type { Model } from './model';

/**
 * What a metric's value is, so a table can print it honestly (a spike count is not a percentage):
 * - `fraction`: a share in [0, 1] (accuracy, F1, Hits@k, MRR, kept weights); shown as a percentage.
 * - `count`: a number of things, or a mean number per item (spikes per neuron); a plain number.
 * - `ratio`: a dimensionless quotient not bounded by 1 (a relative error, a speed-up); a plain number.
 * - `seconds`: a duration.
 * - `value`: any other number (a loss, an energy); a plain number.
 * Values are always stored raw: a `fraction` is 0.8396, never 83.96, and a paper value is in its metric's unit.
 */
export const METRIC_UNITS = ['fraction', 'count', 'ratio', 'seconds', 'value'] as const;
export const metricUnitSchema = z.enum(METRIC_UNITS);
export type MetricUnit = z.infer<typeof metricUnitSchema>;

/** What a metric may inspect beyond outputs and labels (spike counts of an SNN, a pruning mask, ...). */
export interface MetricContext {
  model: Model;
  dataset: Dataset;
  split: SplitName;
}

/**
 * A metric over a whole split: outputs (N×C logits or scores) and labels (N class ids, or N×C 0/1
 * for multi-label), giving one number in `unit`.
 */
export interface Metric {
  /** snake_case, as `zoo eval` prints it: `accuracy`, `micro_f1`, `hits_at_1`. */
  name: string;
  higherIsBetter: boolean;
  /** What the value is (see METRIC_UNITS); `zoo eval` formats by it and `--json` rows carry it. */
  unit: MetricUnit;
  compute(outputs: tf.Tensor, labels: tf.Tensor, context?: MetricContext): number;
  /**
   * What guessing scores on this metric (in `unit`): a number, or one computed from the tested
   * dataset (accuracy: 1/classes; Hits@1: 1/candidates); undefined where it is not known. `zoo eval`
   * rows carry it (`chance`) and the table marks a run that does not beat it (`≈chance`).
   */
  chance?: number | ((context: ChanceContext) => number | undefined);
}

/** What a metric's chance level may depend on: the dataset and split a run is tested on. */
export interface ChanceContext {
  dataset: Dataset;
  split: SplitName;
}

/** `metric`'s chance level on `context` (see `Metric.chance`), or undefined when unknown or not a finite number. */
export function chanceOf(metric: Metric, context: ChanceContext): number | undefined {
  const c = typeof metric.chance === 'function' ? metric.chance(context) : metric.chance;
  return typeof c === 'number' && Number.isFinite(c) ? c : undefined;
}

/** 1/classes for a single-label classification of more than one class (uniform guessing), else undefined. */
export function uniformClassChance({ dataset }: ChanceContext): number | undefined {
  const k = dataset.meta.numClasses;
  return !String(dataset.meta.task).startsWith('multilabel') && Number.isInteger(k) && k > 1 ? 1 / k : undefined;
}

/** The shape `definePlugin` checks a plugin's metrics against (plain-JS plugins get one clear line). */
export const metricSchema = z.object({
  name: z.string().regex(/^[a-z][a-z0-9_]*$/, 'expected snake_case, e.g. hits_at_1'),
  higherIsBetter: z.boolean(),
  unit: metricUnitSchema,
  compute: z.custom<Metric['compute']>((v) => typeof v === 'function', 'expected a function (outputs, labels, context?) => number'),
  chance: z
    .custom<NonNullable<Metric['chance']>>((v) => typeof v === 'function' || (typeof v === 'number' && Number.isFinite(v)), 'expected a finite number or a function ({ dataset, split }) => number | undefined')
    .optional(),
});
