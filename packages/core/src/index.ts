import 'reflect-metadata';

export { tf, typedArrayBackend } from './tf';
export * from './errors';
export * from './rng';
export * from './glob';
export * from './tokens';
export * from './contracts/model';
export * from './contracts/dataset';
export * from './contracts/metric';
export * from './contracts/recipe';
export * from './contracts/trainer';
export * from './plugin';
export * from './config';
export * from './registry';
export * from './metrics';
export * from './backend';
export { registerMissingWasmKernels } from './wasm-kernels';
export * from './checkpoint';
export * from './variables';
export * from './discovery';
export * from './runner';
export * from './container';
export { EarlyStopping } from './trainer/early-stopping';
export { Checkpointer } from './trainer/checkpointer';
export { FitLoop } from './trainer/fit-loop';
export { SupervisedTrainer, supervisedTrainerDef, supervisedConfigSchema, taskLoss, disposeBatch, disposeOptimizer, batchesPerEpoch, setLearningRate } from './trainer/supervised';
export type { SupervisedConfig, EpochContext } from './trainer/supervised';
export { z } from 'zod';
/** tsyringe's decorators, re-exported so plugins share the core's container implementation. */
export { inject, injectable } from 'tsyringe';
export { batchNormTraining, batchNormLayer, type BatchNormParams, type BatchNormTrainingOptions } from './batch-norm';
export { softmaxCrossEntropy } from './softmax-cross-entropy';
export { gatherRows, concatColumns, matMulArrays } from './row-ops';
export { dropout, relu, tanh } from './pointwise';
/** CSR sparse × dense product (WebAssembly SIMD) and its differentiable op, shared by the graph plugins. */
export { csrMatMul, csrMulDense, csrTranspose, type Csr } from '@zoo/backend-blas/sparse';
export { stratifiedSplit } from './data/split';
