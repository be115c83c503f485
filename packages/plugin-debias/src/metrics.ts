import { tf, uniformClassChance, type Metric, type MetricContext } from '@zoo/core';
import { conflicting, isBiasedImageDataset } from './data/biased-dataset';
import { MaskedNet } from './models/masked-net';

function correct(outputs: tf.Tensor, labels: tf.Tensor): Uint8Array {
  const pred = tf.tidy(() => tf.argMax(outputs, 1).dataSync());
  const l = labels.dataSync();
  return Uint8Array.from(l, (y, i) => (pred[i] === y ? 1 : 0));
}

function groupAccuracy(name: string, wanted: 0 | 1): Metric {
  return {
    name,
    higherIsBetter: true,
    unit: 'fraction',
    chance: uniformClassChance,
    compute(outputs, labels, ctx?: MetricContext) {
      if (!ctx || !isBiasedImageDataset(ctx.dataset)) throw new Error(`${name} needs a dataset with bias labels (cmnist-*, biased-bars)`);
      const flag = conflicting(ctx.dataset, ctx.split);
      const ok = correct(outputs, labels);
      let n = 0;
      let hit = 0;
      for (let i = 0; i < ok.length; i++) {
        if (flag[i] === wanted) {
          n++;
          hit += ok[i];
        }
      }
      return n ? hit / n : Number.NaN;
    },
  };
}

/** Accuracy on the unbiased test set (colours uniform at random): the headline of DCWP's CMNIST table. */
export const unbiasedAccuracy: Metric = {
  name: 'unbiased_accuracy',
  higherIsBetter: true,
  unit: 'fraction',
  chance: uniformClassChance,
  compute(outputs, labels) {
    const ok = correct(outputs, labels);
    return ok.length ? ok.reduce((a, b) => a + b, 0) / ok.length : Number.NaN;
  },
};

/** Accuracy on the bias-aligned test examples (colour = class colour). */
export const alignedAccuracy = groupAccuracy('aligned_accuracy', 0);
/** Accuracy on the bias-conflicting test examples. */
export const conflictingAccuracy = groupAccuracy('conflicting_accuracy', 1);

/** Fraction of maskable weights the final mask keeps (1 for unpruned methods). */
export const keptWeights: Metric = {
  name: 'kept_weights',
  higherIsBetter: false,
  unit: 'fraction',
  compute(_o, _l, ctx?: MetricContext) {
    if (!ctx || !(ctx.model instanceof MaskedNet)) throw new Error('kept_weights needs a maskable model (cmnist-cnn, resnet18-masked)');
    return ctx.model.keptFraction();
  },
};

export const DEBIAS_METRICS = [unbiasedAccuracy, alignedAccuracy, conflictingAccuracy, keptWeights];
