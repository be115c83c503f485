import type { PaperValue, Recipe } from '@zoo/core';
import { PAPER } from './papers';

/**
 * A value the paper reports for one metric (in the metric's unit: a fraction for accuracy) and where it is printed:
 * `paper: [reported('accuracy', 0.815, 'Table 2, row GCN')]` on a real-data recipe.
 */
export function reported(metric: string, value: number, where: string, ref = PAPER): PaperValue {
  return { metric, value, ref, where };
}

/** Recipe ids are `video/<model>@<dataset>`; the smoke tier runs on synthetic data in seconds. */
export const recipes: Recipe[] = [
  {
    id: 'video/softmax@stripes',
    model: 'softmax',
    dataset: 'stripes',
    trainer: 'paper-sgd',
    tier: 'smoke',
    metrics: ['accuracy'],
    config: { trainer: { maxEpochs: 100, patience: 20 } },
    // the contract test trains it as declared and checks it learns: 4 balanced classes, guessing scores 1/4
    beats: { chance: 1 / 4, margin: 0.3 },
    description: 'softmax regression on synthetic stripes (8×8 images) (the scaffold\'s example)',
  },
];
