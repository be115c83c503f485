import { tf, type Metric, type MetricContext } from '@zoo/core';
import type { VideoDatasetMeta } from './data/video-batch';

/**
 * Accuracy within the twin pairs (Moving Fashion-MNIST: right ↔ left, down ↔ up, …, each class's clips are its
 * twin's frames in reverse order): for a test clip of class k, is its score for k above its score for twins[k]?
 *   twin_accuracy = (1/N) Σ_i [ s_i(y_i) > s_i(twins[y_i]) ]
 * A frame-order-blind model (C2D with average consensus) scores the same for a clip and its time reversal, so it
 * is at 0.5 here however well it recognizes the motion's axis: the number that shows temporal modelling.
 */
export const twinAccuracy: Metric = {
  name: 'twin_accuracy',
  higherIsBetter: true,
  unit: 'fraction',
  chance: 0.5,
  compute(outputs: tf.Tensor, labels: tf.Tensor, ctx?: MetricContext) {
    const twins = (ctx?.dataset.meta as Partial<VideoDatasetMeta> | undefined)?.twins;
    if (!twins) throw new Error(`twin_accuracy needs a dataset whose classes pair up in time-reversed twins (meta.twins): ${ctx?.dataset.id ?? 'no dataset given'}`);
    const s = outputs.dataSync();
    const y = labels.dataSync();
    const k = outputs.shape[1]!;
    let hit = 0;
    for (let i = 0; i < y.length; i++) {
      const a = s[i * k + y[i]];
      const b = s[i * k + twins[y[i]]];
      if (a > b) hit++;
    }
    return y.length ? hit / y.length : Number.NaN;
  },
};

export const VIDEO_METRICS: Metric[] = [twinAccuracy];
