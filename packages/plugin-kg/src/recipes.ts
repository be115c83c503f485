import type { PaperValue, Recipe } from '@zoo/core';
import { MAO_2021 } from './papers';

const METRICS = ['hits_at_1', 'hits_at_10', 'mrr'];
const paper = (value: number, row: string): PaperValue[] => [{ metric: 'hits_at_1', value, ref: MAO_2021, where: `DBP15K results table, ${row}` }];

/** Dual-AMN basic (20 epochs) and semi-supervised (+ 4 bootstrapping rounds of 5 epochs), the code's settings. */
function pair(dataset: string, tier: Recipe['tier'], basic?: number, semi?: number): Recipe[] {
  return [
    { id: `kg/dual-amn@${dataset}`, model: 'dual-amn', dataset, trainer: 'dual-amn', tier, metrics: METRICS, paper: basic ? paper(basic, `Dual-AMN (basic), ${dataset}`) : undefined, description: `Dual-AMN, supervised, on ${dataset}` },
    {
      id: `kg/dual-amn-semi@${dataset}`,
      model: 'dual-amn',
      dataset,
      trainer: 'dual-amn',
      tier,
      metrics: METRICS,
      config: { trainer: { rounds: 4 } },
      paper: semi ? paper(semi, `Dual-AMN (semi), ${dataset}`) : undefined,
      description: `Dual-AMN with semi-supervised bootstrapping on ${dataset}`,
    },
  ];
}

export const recipes: Recipe[] = [
  ...pair('dbp15k-zh_en', 'cpu', 0.731, 0.808),
  ...pair('dbp15k-ja_en', 'cpu', 0.726, 0.801),
  ...pair('dbp15k-fr_en', 'cpu', 0.756, 0.84),
  ...pair('srprs-en_fr', 'paper'),
  ...pair('srprs-en_de', 'paper'),
  ...pair('dwy100k-dbp_wd', 'paper'),
  ...pair('dwy100k-dbp_yg', 'paper'),
  {
    id: 'kg/dual-amn@kg-synthetic',
    model: 'dual-amn',
    dataset: 'kg-synthetic',
    trainer: 'dual-amn',
    tier: 'smoke',
    metrics: METRICS,
    config: { data: { entities: 300 }, model: { hidden: 16, proxies: 8 }, trainer: { maxEpochs: 12, batchSize: 64, lr: 0.01 } },
    // 300 entities, 30% of the pairs for training: each of the 210 test entities has 210 candidates
    beats: { chance: 1 / 210, margin: 0.3 },
    description: 'Dual-AMN on two noisy views of a random graph (smoke test)',
  },
];
