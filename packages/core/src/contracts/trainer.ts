import type { z } from 'zod';
import type { InjectionToken } from 'tsyringe';
import type { PaperRef } from './paper';
import type { Dataset, SplitName } from './dataset';
import type { Metric } from './metric';
import type { Model } from './model';
import type { tf } from '../tf';

/** What one epoch produced: train loss and validation loss/metrics. */
export interface EpochLogs {
  epoch: number;
  trainLoss: number;
  /** Undefined when the trainer has no validation loss (entity alignment, step-counted trainers). */
  valLoss?: number;
  val: Record<string, number>;
  seconds: number;
}

/** Shared, mutable state of one fit, visible to callbacks. Setting `stop` ends training after this epoch. */
export interface FitState {
  model: Model;
  epoch: number;
  maxEpochs: number;
  stop: boolean;
  /** Named state that callbacks persist in checkpoints (early stopping's best score, ...). */
  extra: Record<string, unknown>;
  /** Tensors that callbacks persist in checkpoints (best weights, optimizer slots). */
  extraWeights: Record<string, tf.NamedTensorMap>;
  /** The optimizer, so a checkpoint callback can save and restore its slots. */
  optimizer?: tf.Optimizer;
}

export interface BatchProgress {
  batch: number;
  batches: number;
}

/**
 * Callbacks do progress, logging, early stopping and checkpointing, in list order
 * (mmengine-style hooks: before/after fit, after each epoch).
 */
export interface Callback {
  /** Lower runs first; default 50. Early stopping is 10, checkpointing 90, progress 100. */
  priority?: number;
  onFitStart?(state: FitState): void | Promise<void>;
  onEpochEnd?(state: FitState, logs: EpochLogs): void | Promise<void>;
  /** After each optimizer step of an epoch (progress within long epochs); `batches` is the epoch's total. */
  onBatchEnd?(state: FitState, progress: BatchProgress): void;
  onFitEnd?(state: FitState): void | Promise<void>;
  /** The fit failed (it diverged, see divergence.ts): free what the callback holds; `onFitEnd` will not come. */
  onFitAbort?(state: FitState): void;
}

export interface FitArgs<C = any> {
  model: Model;
  dataset: Dataset;
  config: C;
  /** Headline metric first; early stopping ranks on it, then on the loss. */
  metrics: Metric[];
  callbacks: Callback[];
  /** State restored from a checkpoint (`zoo train --resume`). */
  resume?: ResumeState;
}

export interface ResumeState {
  epoch: number;
  extra: Record<string, unknown>;
  extraWeights: Record<string, tf.NamedTensorMap>;
  /** The run's random streams as saved (`RngStreams.snapshot()`); the runner restores them when the fit starts. */
  rng?: Record<string, number>;
  /** The checkpoint's `model.json` (refusals of a trainer's own resume state name it: `resumeExtra`). */
  file?: string;
}

export interface FitResult {
  epochs: number;
  state: FitState;
}

export interface EvalResult {
  loss: number;
  metrics: Record<string, number>;
}

/** The loop. The default supervised trainer serves most recipes; plugins add one where a paper's procedure differs. */
export interface Trainer {
  fit(args: FitArgs): Promise<FitResult>;
  evaluate(model: Model, dataset: Dataset, split: SplitName, metrics: Metric[]): EvalResult;
}

export interface TrainerDef<S extends z.ZodType = z.ZodType> {
  id: string;
  description: string;
  configSchema: S;
  /**
   * Resolved from the run's child container, so its constructor gets `@inject`ed run services:
   * `TOKENS.Logger`, `TOKENS.TrainerRng` (the run's random stream for the trainer), ...
   */
  trainer: InjectionToken<Trainer>;
  /** The paper whose training procedure this trainer follows. */
  paper?: PaperRef;
}
