import { tf } from '../tf';

/**
 * A metric over a whole split: outputs (N×C logits or scores) and labels (N class ids, or N×C 0/1
 * for multi-label). Values are fractions (0.8396), never percentages.
 */
export interface Metric {
  /** snake_case, as `zoo eval` prints it: `accuracy`, `micro_f1`, `hits_at_1`. */
  name: string;
  higherIsBetter: boolean;
  compute(outputs: tf.Tensor, labels: tf.Tensor): number;
}
