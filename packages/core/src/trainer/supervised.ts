import 'reflect-metadata';
import { inject, injectable } from 'tsyringe';
import { z } from 'zod';
import { boundedInt, LIMITS } from '../config-bounds';
import type { Batch, Dataset, SplitName } from '../contracts/dataset';
import type { Metric } from '../contracts/metric';
import type { Model } from '../contracts/model';
import type { EpochLogs, EvalResult, FitArgs, FitResult, FitState, Trainer, TrainerDef } from '../contracts/trainer';
import { tf } from '../tf';
import type { Rng } from '../rng';
import { softmaxCrossEntropy, sumOfSquares } from '@zoo/ops';
import { TOKENS, type Logger } from '../tokens';
import { FitLoop } from './fit-loop';
import { EarlyStopping } from './early-stopping';
import { restoreOptimizer } from './checkpointer';
import { clippedStep } from './grad-clip';
import { ZooMomentumOptimizer } from './momentum-optimizer';
import { scheduledLr, warmupFactor } from './lr-schedule';

export const supervisedConfigSchema = z
  .object({
    optimizer: z.enum(['adam', 'sgd', 'momentum']).default('adam'),
    lr: z.number().positive().default(0.01),
    momentum: z.number().min(0).max(1).default(0.9),
    /** L2 penalty weightDecay/2·Σw² over the model's `regularizedVariables()`. */
    weightDecay: z.number().min(0).default(0),
    maxEpochs: boundedInt(1, LIMITS.epochs).default(1000),
    /** Early-stopping patience in epochs (on validation metric and loss). */
    patience: boundedInt(1, LIMITS.epochs).default(100),
    /** Restore the best validation weights at the end (false: keep the last, as SGC's code does). */
    restoreBest: z.boolean().default(true),
    /** Mini-batch size; omitted means full batch. */
    batchSize: boundedInt(1, LIMITS.batch).optional(),
    schedule: z.enum(['constant', 'cosine', 'step']).default('constant'),
    /** `schedule: 'step'`: the epochs at which the learning rate is multiplied by `lrGamma` (mmcv's `step`). */
    lrSteps: z.array(boundedInt(1, LIMITS.epochs)).max(16).default([]),
    lrGamma: z.number().positive().max(1).default(0.1),
    /** Linear warm-up over the first this many optimizer steps, from `warmupRatio`·lr (mmcv's `warmup='linear'`). */
    warmupIters: boundedInt(0, LIMITS.iterations).default(0),
    warmupRatio: z.number().min(0).max(1).default(0.1),
    /** Nesterov momentum (`optimizer: 'momentum'`), as PyTorch's SGD(nesterov=True). */
    nesterov: z.boolean().default(false),
    /**
     * Clip the gradients' global L2 norm to this (PyTorch's clip_grad_norm_, before weight decay is added, as
     * mmcv's grad_clip + SGD(weight_decay) do); omitted: no clipping.
     */
    clipGradNorm: z.number().positive().optional(),
    /** With `zoo train --out`, write a resumable checkpoint every this many epochs. */
    checkpointEvery: boundedInt(1, LIMITS.epochs).default(50),
  })
  .strict();
export type SupervisedConfig = z.output<typeof supervisedConfigSchema>;

/** What one training epoch gets (see SupervisedTrainer.trainEpoch). */
export interface EpochContext<C extends SupervisedConfig = SupervisedConfig> {
  model: Model;
  dataset: Dataset;
  config: C;
  optimizer: tf.Optimizer;
  vars: tf.Variable[];
  shuffle: Rng;
  task: string;
  state: FitState;
  /**
   * Report the step just taken (batch, of batches this epoch) to the callbacks' `onBatchEnd`, with its
   * loss: the fit loop's divergence guard fails the run on a non-finite one.
   */
  onBatch?(batch: number, batches: number, loss?: number): void;
}

/** Loss for a task: sigmoid cross-entropy for multi-label, softmax cross-entropy otherwise. */
export function taskLoss(task: string, outputs: tf.Tensor, labels: tf.Tensor): tf.Scalar {
  return tf.tidy(() => {
    if (task.startsWith('multilabel')) return tf.losses.sigmoidCrossEntropy(labels, outputs) as tf.Scalar;
    return softmaxCrossEntropy(labels.dtype === 'int32' ? labels : labels.toInt(), outputs);
  });
}

/** Optimizer steps in one epoch over the training split (1 for full batch). */
export function batchesPerEpoch(dataset: Dataset, batchSize?: number): number {
  const n = dataset.meta.sizes.train;
  return batchSize ? Math.max(1, Math.ceil(n / batchSize)) : 1;
}

export function disposeBatch(batch: unknown): void {
  (batch as { dispose?: () => void }).dispose?.();
}

/**
 * The default loop: optimizer steps over training batches, validation after each epoch, callbacks
 * (early stopping always; progress and checkpoints from the runner).
 */
@injectable()
export class SupervisedTrainer implements Trainer {
  constructor(
    @inject(TOKENS.Logger) protected readonly log: Logger,
    /** The run's trainer stream (`Rng(seed).fork('trainer')`), from the run's child container. */
    @inject(TOKENS.TrainerRng) protected readonly rng: Rng,
  ) {}

  async fit(args: FitArgs<SupervisedConfig>): Promise<FitResult> {
    const { model, dataset, config, metrics } = args;
    const rng = this.rng;
    const headline = metrics[0];
    const optimizer = makeOptimizer(config);
    const early = new EarlyStopping({ patience: config.patience, restoreBest: config.restoreBest, metric: headline.name, higherIsBetter: headline.higherIsBetter });
    const loop = new FitLoop(args, config.maxEpochs, this.log, { optimizer, callbacks: [early] });
    const state = loop.state;
    const optState = state.extraWeights.optimizer;
    // forked before the fit starts: a resumed fit restores the run's streams then (RngStreams)
    const shuffle = rng.fork('shuffle');
    return loop.run(async () => {
      if (optState) {
        await restoreOptimizer(optimizer, optState, { file: args.resume?.file, vars: model.trainableVariables() });
        delete state.extraWeights.optimizer;
      }
      await loop.start();
      const vars = model.trainableVariables();
      const task = dataset.meta.task;
      for (; state.epoch < config.maxEpochs && !state.stop; state.epoch++) {
        const t0 = performance.now();
        if (config.schedule !== 'constant') setLearningRate(optimizer, scheduledLr(config, state.epoch));
        const onBatch = (batch: number, batches: number, loss?: number) => loop.batchEnd(batch, batches, loss);
        const { lossSum, count } = await this.trainEpoch({ model, dataset, config, optimizer, vars, shuffle, task, state, onBatch });
        // per-epoch validation needs the headline only (early stopping, progress); all metrics come at test.
        // No validation split: no validation loss (undefined, not NaN, which the divergence guard refuses)
        const val = dataset.meta.sizes.val > 0 ? this.evaluate(model, dataset, 'val', [headline]) : undefined;
        const logs: EpochLogs = {
          epoch: state.epoch,
          trainLoss: lossSum / Math.max(count, 1),
          valLoss: val?.loss,
          val: val?.metrics ?? {},
          seconds: (performance.now() - t0) / 1000,
        };
        await loop.epochEnd(logs);
      }
    }, () => disposeOptimizer(optimizer));
  }

  /**
   * One pass over the training data: the optimizer steps and the summed loss over `count` examples.
   * Trainers whose paper samples batches differently (Cluster-GCN's clusters, ...) override this.
   */
  async trainEpoch(ctx: EpochContext<SupervisedConfig>): Promise<{ lossSum: number; count: number }> {
    const { model, dataset, config, optimizer, vars, shuffle, task } = ctx;
    let lossSum = 0;
    let count = 0;
    const batches = batchesPerEpoch(dataset, config.batchSize);
    let b = 0;
    const epochLr = scheduledLr(config, ctx.state.epoch);
    for (const batch of dataset.batches('train', { batchSize: config.batchSize, shuffle })) {
      if (config.warmupIters > 0) setLearningRate(optimizer, epochLr * warmupFactor(config, ctx.state.epoch * batches + b));
      const cost = this.step(ctx, batch);
      const n = batch.labels.shape[0];
      const loss = cost.dataSync()[0];
      lossSum += loss * n;
      count += n;
      cost.dispose();
      disposeBatch(batch);
      ctx.onBatch?.(++b, batches, loss);
    }
    return { lossSum, count };
  }

  /**
   * One optimizer step on `batch`; returns the loss with weight decay. With `clipGradNorm`, the gradients of the
   * batch loss are clipped to that global norm and the decay's gradient weightDecay·w added after (PyTorch's order).
   */
  protected step(ctx: EpochContext<SupervisedConfig>, batch: Batch): tf.Scalar {
    const { model, config, optimizer, vars } = ctx;
    if (config.clipGradNorm === undefined) return optimizer.minimize(() => this.regularized(model, config, this.batchLoss(ctx, batch)), true, vars)!;
    const decayed = new Set(config.weightDecay > 0 ? model.regularizedVariables() : []);
    const value = clippedStep(optimizer, vars, () => this.batchLoss(ctx, batch), { maxNorm: config.clipGradNorm, weightDecay: config.weightDecay, decayed });
    const cost = config.weightDecay > 0 ? tf.tidy(() => this.regularized(model, config, value)) : value;
    if (cost !== value) value.dispose();
    return cost;
  }

  /**
   * The loss of one training batch, before weight decay (runs inside the optimizer's tape). Trainers whose
   * paper has another objective override this and keep the loop (Joint A-SNN's joint loss, ...).
   */
  protected batchLoss(ctx: EpochContext<SupervisedConfig>, batch: Batch): tf.Scalar {
    return taskLoss(ctx.task, ctx.model.forward(batch, { training: true }), batch.labels);
  }

  /** loss + weightDecay/2·Σw² over the model's regularized variables. */
  protected regularized(model: Model, config: SupervisedConfig, loss: tf.Scalar): tf.Scalar {
    return config.weightDecay > 0 ? loss.add(l2(model.regularizedVariables()).mul(config.weightDecay / 2)) : loss;
  }

  evaluate(model: Model, dataset: Dataset, split: SplitName, metrics: Metric[]): EvalResult {
    const outs: tf.Tensor[] = [];
    const labels: tf.Tensor[] = [];
    for (const batch of dataset.batches(split)) {
      outs.push(tf.tidy(() => model.forward(batch, { training: false })));
      labels.push(batch.labels.clone());
      disposeBatch(batch);
    }
    const out = outs.length === 1 ? outs[0] : tf.concat(outs);
    const y = labels.length === 1 ? labels[0] : tf.concat(labels);
    const loss = taskLoss(dataset.meta.task, out, y);
    const result: EvalResult = { loss: loss.dataSync()[0], metrics: {} };
    for (const m of metrics) result.metrics[m.name] = m.compute(out, y, { model, dataset, split });
    tf.dispose([loss, out, y, ...outs, ...labels]);
    return result;
  }
}

function l2(vars: tf.Variable[]): tf.Scalar {
  return sumOfSquares(vars); // one read pass per variable where the backend has ZooSumOfSquares
}

/**
 * `optimizer.dispose()`, plus the learning-rate scalar that tfjs 4.22's MomentumOptimizer.dispose forgets
 * (it overrides SGD's dispose and never frees the inherited `c`: one leaked tensor per momentum run).
 */
export function disposeOptimizer(opt: tf.Optimizer): void {
  opt.dispose();
  const c = (opt as unknown as { c?: tf.Tensor }).c;
  if (c instanceof tf.Tensor && !c.isDisposed) c.dispose();
}

function makeOptimizer(c: SupervisedConfig): tf.Optimizer {
  if (c.optimizer === 'adam') return tf.train.adam(c.lr);
  if (c.optimizer === 'momentum') return new ZooMomentumOptimizer(c.lr, c.momentum, c.nesterov);
  return tf.train.sgd(c.lr);
}

export function setLearningRate(opt: tf.Optimizer, lr: number): void {
  const o = opt as unknown as { learningRate: number; setLearningRate?: (lr: number) => void };
  if (o.setLearningRate) o.setLearningRate(lr);
  else o.learningRate = lr;
}

export const supervisedTrainerDef: TrainerDef<typeof supervisedConfigSchema> = {
  id: 'supervised',
  description: 'Default loop: Adam/SGD, L2 on chosen variables, early stopping on validation metric and loss',
  configSchema: supervisedConfigSchema,
  trainer: SupervisedTrainer,
};
