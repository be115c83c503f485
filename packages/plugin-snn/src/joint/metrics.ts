import { accuracy, disposeBatch, tf, uniformClassChance, type Dataset, type Metric } from '@zoo/core';
import type { ImageBatch } from '@zoo/vision';
import { JointResNet } from './joint-resnet';

/** Accuracy of the jointly trained ANN's final head on the same split (the SNN's is `accuracy`). */
export const annAccuracy: Metric = {
  name: 'ann_accuracy',
  higherIsBetter: true,
  unit: 'fraction',
  chance: uniformClassChance,
  compute: (_outputs, labels, ctx) => {
    const model = ctx?.model;
    if (!(model instanceof JointResNet) || !model.modes.includes('ann')) throw new Error(`metric ann_accuracy needs a Joint A-SNN model with an ANN, got ${model ? model.constructor.name : 'no model context'}`);
    const outs: tf.Tensor[] = [];
    for (const batch of (ctx!.dataset as Dataset<ImageBatch>).batches(ctx!.split)) {
      outs.push(model.logits(batch.x, 'ann', false));
      disposeBatch(batch);
    }
    const all = outs.length === 1 ? outs[0] : tf.concat(outs);
    const acc = accuracy.compute(all, labels);
    tf.dispose([all, ...outs]);
    return acc;
  },
};
