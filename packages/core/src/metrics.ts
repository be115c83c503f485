import { uniformClassChance, type Metric } from './contracts/metric';
import { tf } from './tf';

/** Top-1 accuracy: outputs N×C, labels N class ids. */
export const accuracy: Metric = {
  name: 'accuracy',
  higherIsBetter: true,
  unit: 'fraction',
  chance: uniformClassChance,
  compute(outputs, labels) {
    const pred = tf.tidy(() => outputs.argMax(-1).dataSync());
    const y = labels.dataSync();
    if (pred.length !== y.length) throw new Error(`accuracy: ${pred.length} predictions for ${y.length} labels`);
    let hit = 0;
    for (let i = 0; i < y.length; i++) if (pred[i] === y[i]) hit++;
    return y.length === 0 ? 0 : hit / y.length;
  },
};

/**
 * Micro-averaged F1. Multi-label (labels N×C of 0/1): a class is predicted where its logit > 0.
 * Multi-class (labels N ids): micro-F1 equals accuracy.
 */
export const microF1: Metric = {
  name: 'micro_f1',
  higherIsBetter: true,
  unit: 'fraction',
  // multi-class: micro-F1 is accuracy; multi-label: no chance level given (it depends on label rates)
  chance: uniformClassChance,
  compute(outputs, labels) {
    if (labels.rank === 1) return accuracy.compute(outputs, labels);
    const o = outputs.dataSync();
    const y = labels.dataSync();
    let tp = 0;
    let fp = 0;
    let fn = 0;
    for (let i = 0; i < y.length; i++) {
      const p = o[i] > 0;
      const t = y[i] > 0.5;
      if (p && t) tp++;
      else if (p) fp++;
      else if (t) fn++;
    }
    return tp === 0 ? 0 : (2 * tp) / (2 * tp + fp + fn);
  },
};

export const CORE_METRICS: Metric[] = [accuracy, microF1];
