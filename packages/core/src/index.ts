import 'reflect-metadata';

export { tf, typedArrayBackend } from './tf';
export * from './errors';
export * from './rng';
export * from './rng-streams';
export * from './glob';
export * from './suggest';
export * from './tokens';
export * from './progress';
export * from './contracts/paper';
export * from './contracts/model';
export * from './contracts/dataset';
export * from './contracts/metric';
export * from './contracts/recipe';
export * from './contracts/trainer';
export * from './plugin';
export * from './config';
export * from './config-bounds';
export * from './registry';
export * from './metrics';
export * from './backend';
export * from './checkpoint';
export { checkGroupFits, checkResumeMeta, currentVersions, versionChanges, resumeExtra, type ZooVersions } from './checkpoint-resume';
export { CORE_VERSION, majorMinor } from './version';
export * from './variables';
export * from './discovery';
export * from './plan';
export * from './eval-rows';
export * from './run-types';
export * from './run-services';
export * from './runner';
export * from './container';
export * from './services';
export { EarlyStopping, earlyStoppingStateSchema } from './trainer/early-stopping';
export { Checkpointer, RngRestorer, checkOptimizerGroup, optimizerWeightsFromGroup, optimizerSlots, restoreOptimizer, type RngRestore } from './trainer/checkpointer';
export { Interrupt, RunInterrupted } from './trainer/interrupt';
export { RunFolder, RUN_LOCK, configAsOverrides, configDiff, type StoredRun } from './run-folder';
export { FileLock, LockHeldError, thisCommand, type LockHolder } from './file-lock';
export { FitLoop } from './trainer/fit-loop';
export { assertFiniteEpoch, assertFiniteLoss, assertFiniteMetrics, assertFiniteWeights, divergenceSite, lastGoodCheckpoint, nonFiniteWeights, NO_CHECKPOINT, type CheckpointSource } from './trainer/divergence';
export { scheduledLr, warmupFactor, type LrScheduleConfig } from './trainer/lr-schedule';
export { clipGradNorm, clippedStep } from './trainer/grad-clip';
export { ZooMomentumOptimizer, type MomentumStepOptions } from './trainer/momentum-optimizer';
export { SupervisedTrainer, supervisedTrainerDef, supervisedConfigSchema, taskLoss, disposeBatch, disposeOptimizer, batchesPerEpoch, setLearningRate } from './trainer/supervised';
export type { SupervisedConfig, EpochContext } from './trainer/supervised';
export { z } from 'zod';
/** tsyringe's decorators, re-exported so plugins share the core's container implementation. */
export { inject, injectable } from 'tsyringe';
/**
 * The fused ops of @zoo/ops (tfjs kernels per backend, the tfjs composition elsewhere), re-exported so
 * plugins import them with `tf` from one place; CsrMatrix and csrMatMul are the graph plugins' sparse × dense.
 */
export {
  batchNormTraining,
  batchNormLayer,
  type BatchNormParams,
  type BatchNormTrainingOptions,
  softmaxCrossEntropy,
  gatherRows,
  concatColumns,
  splitColumns,
  matMulArrays,
  dropout,
  type DropoutOptions,
  type DropoutStream,
  relu,
  tanh,
  multiViewConv,
  hardSwish,
  temporalShift,
  CsrMatrix,
  csrMatMul,
  csrMulDense,
  csrTranspose,
  checkCsr,
  type Csr,
  registerMissingWasmKernels,
  simdModule,
  reserve,
  type WasmMemory,
} from '@zoo/ops';
export { stratifiedSplit } from './data/split';
export * from './data/files';
