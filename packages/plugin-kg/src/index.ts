import { definePlugin } from '@zoo/core';
import pkg from '../package.json';
import { KG_FILE_DATASETS, syntheticKgDataset } from './data/kg-dataset';
import { dualAmn } from './dual-amn';
import { dualAmnTrainerDef } from './dual-amn-trainer';
import { hitsAt1, hitsAt10, mrr } from './metrics';
import { recipes } from './recipes';

export const plugin = definePlugin({
  meta: { name: 'kg', version: pkg.version, packageName: pkg.name, description: pkg.description },
  models: [dualAmn],
  datasets: [...KG_FILE_DATASETS, syntheticKgDataset],
  trainers: [dualAmnTrainerDef],
  metrics: [hitsAt1, hitsAt10, mrr],
  recipes,
});
export default plugin;

export { readAlignedKg, reindex, readEntityIds, readTriples, readPairs, KG_LAYOUT, type RawAlignedKg, type AlignedKg } from './data/kg-files';
export { KgDataset, pairBatches, KG_FILE_DATASETS, syntheticKgDataset, type KgBatch } from './data/kg-dataset';
export { buildKgGraph, type KgGraph } from './graph';
export { relationalAttention } from './relational-attention';
export { DualAmn, dualAmnConfigSchema, unit } from './dual-amn';
export { DualAmnTrainer, alignmentLoss } from './dual-amn-trainer';
export { nhsmLoss, type NhsmOptions } from './nhsm-loss';
export { cslsRanks, topKMeanSim, rankMetrics, alignmentMetrics, type AlignmentRanks, type AlignmentMetrics } from './csls';
