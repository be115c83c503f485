/**
 * @zoo/plugin-kg: entity alignment between knowledge graphs. This release holds Dual-AMN's building blocks
 * (the aligned-KG files reader with re-indexing, the fused NHSM loss, CSLS evaluation); the model, trainer
 * and recipes come next, and the package registers as a zoo plugin only then.
 */
export { readAlignedKg, reindex, readEntityIds, readTriples, readPairs, KG_LAYOUT, type RawAlignedKg, type AlignedKg } from './data/kg-files';
export { nhsmLoss, type NhsmOptions } from './nhsm-loss';
export { cslsRanks, topKMeanSim, rankMetrics, type AlignmentRanks, type AlignmentMetrics } from './csls';
