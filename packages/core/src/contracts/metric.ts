import { tf } from '../tf';
import type { Dataset, SplitName } from './dataset';
import type { Model } from './model';

/** What a metric may inspect beyond outputs and labels (spike counts of an SNN, a pruning mask, ...). */
export interface MetricContext {
  model: Model;
  dataset: Dataset;
  split: SplitName;
}

/**
 * A metric over a whole split: outputs (N×C logits or scores) and labels (N class ids, or N×C 0/1
 * for multi-label). Values are fractions (0.8396), never percentages.
 */
export interface Metric {
  /** snake_case, as `zoo eval` prints it: `accuracy`, `micro_f1`, `hits_at_1`. */
  name: string;
  higherIsBetter: boolean;
  compute(outputs: tf.Tensor, labels: tf.Tensor, context?: MetricContext): number;
}
