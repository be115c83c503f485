import {
  FitLoop,
  setLearningRate,
  tf,
  z,
  boundedInt,
  LIMITS,
  type Dataset,
  type EvalResult,
  type FitArgs,
  type FitResult,
  type Trainer,
  type FitState,
  type Logger,
  type Metric,
  type Model,
  type Rng,
  type ProgressReporter,
  loggerProgress,
  type SplitName,
  ZooError,
  resumeExtra,
} from '@zoo/core';
import type { ImageDataset } from '@zoo/vision';
import { conflicting, isBiasedImageDataset } from '../data/biased-dataset';
import { MaskedNet } from '../models/masked-net';
import { StageKeepers } from './stage-state';

/**
 * What every debiasing trainer shares: the pre-training optimizer of the DCWP code (SGD, momentum 0.9,
 * lr 0.1, weight decay 1e-4, batch 256, 2,000 iterations, no decay unless `lrDecayStep` is set) and
 * the step loop with progress callbacks. "Epochs" reported to callbacks are passes' worth of steps
 * (⌈N / batch⌉), so progress bars and epoch lines mean what they usually do.
 */
export const baseConfigSchema = z.object({
  batchSize: boundedInt(1, LIMITS.batch).default(256),
  optimizer: z.enum(['sgd', 'adam']).default('sgd'),
  lr: z.number().positive().default(0.1),
  /** L2 on every weight, as PyTorch's `weight_decay` (SGD only, as the code). */
  weightDecay: z.number().min(0).default(1e-4),
  iters: boundedInt(1, LIMITS.iterations).default(2000),
  /** StepLR period; default: no decay (the code's README: lr_decay_step_pre = pretrain_iter). */
  lrDecayStep: boundedInt(1, LIMITS.iterations).optional(),
  lrGamma: z.number().positive().default(0.1),
  /** With `zoo train --out`, write a resumable checkpoint every this many epochs (passes' worth of steps). */
  checkpointEvery: boundedInt(1, LIMITS.iterations).default(50),
});
export type BaseConfig = z.output<typeof baseConfigSchema>;

export function checkInputs(name: string, model: Model, dataset: Dataset): { model: MaskedNet; dataset: ImageDataset } {
  if (!(model instanceof MaskedNet)) throw new Error(`the ${name} trainer needs a maskable network (cmnist-cnn, resnet18-masked), got ${model.constructor.name}`);
  if (!isBiasedImageDataset(dataset)) throw new Error(`the ${name} trainer needs a biased image dataset (cmnist-*, biased-bars), got '${dataset.id}'`);
  if (dataset.size('train') === 0) throw new Error(`${dataset.id}: the training split is empty`);
  return { model, dataset };
}

/** Adam as the code builds it for the main weights (β = 0.9, 0.99), or SGD with momentum 0.9. */
export function makeOptimizer(kind: 'sgd' | 'adam', lr: number): tf.Optimizer {
  return kind === 'adam' ? tf.train.adam(lr, 0.9, 0.99) : tf.train.momentum(lr, 0.9);
}

/** ½·wd·Σ‖w‖², whose gradient is PyTorch's weight_decay term wd·w. */
export function l2(vars: tf.Variable[], wd: number): tf.Scalar {
  return tf.tidy(() => tf.mul(tf.addN(vars.map((v) => tf.sum(tf.square(v)))), wd / 2) as tf.Scalar);
}

/** The batch-index source of `shuffledBatches`, with its position for checkpoints. */
export type ShuffledBatches = (() => Int32Array) & { getState(): { order: number[]; at: number }; setState(s: { order: number[]; at: number }): void };

/** Shuffled passes over 0..n−1, cut into full batches (a pass's tail continues into the next pass). */
export function shuffledBatches(n: number, batchSize: number, rng: Rng): ShuffledBatches {
  let order = rng.shuffle(Int32Array.from({ length: n }, (_, i) => i));
  let at = 0;
  const next = () => {
    const out = new Int32Array(Math.min(batchSize, n));
    for (let j = 0; j < out.length; j++) {
      if (at === n) {
        order = rng.shuffle(order);
        at = 0;
      }
      out[j] = order[at++];
    }
    return out;
  };
  return Object.assign(next, {
    getState: () => ({ order: Array.from(order), at }),
    setState: (s: { order: number[]; at: number }) => {
      order = Int32Array.from(s.order);
      at = s.at;
    },
  });
}

/**
 * One fit of a multi-stage method: owns the callbacks and the step counter. `stage` runs `iters`
 * steps of `step` (which returns the batch loss, checked by the fit loop's divergence guard) and
 * reports every ⌈N / batch⌉ steps as an epoch.
 * A `resumable` trainer registers its state beyond the model in `keep` (optimizers, a second
 * network, the batch order) and forks its random streams before `start`; a resumed fit then skips
 * the steps already taken and continues exactly. The others refuse `--resume`.
 */
export class StageRunner {
  private readonly loop: FitLoop;
  private lossSum = 0;
  private steps = 0;
  /** Steps of the stages begun before the current one. */
  private stageBase = 0;
  private epochStart = performance.now();
  readonly keep: StageKeepers;

  constructor(
    args: FitArgs,
    readonly perEpoch: number,
    totalIters: number,
    log: Logger,
    /** Where each stage is announced (the trainer's `TOKENS.Progress`); default: the Logger's info. */
    private readonly progress: ProgressReporter = loggerProgress(log),
    opts: { resumable?: boolean; name?: string } = {},
  ) {
    if (args.resume && !opts.resumable) throw new ZooError(`the ${opts.name ?? 'multi-stage'} trainer cannot resume (its state between stages is not checkpointed): start the run again with --overwrite`);
    this.loop = new FitLoop(args, Math.ceil(totalIters / perEpoch), log);
    this.keep = new StageKeepers(args.resume);
    if (args.resume) this.steps = resumeExtra(args.resume, 'stageRunner', z.strictObject({ steps: z.number().int().nonnegative() }))?.steps ?? args.resume.epoch * perEpoch;
  }

  get state(): FitState {
    return this.loop.state;
  }

  start(): Promise<void> {
    return this.loop.start();
  }

  /**
   * Runs steps `it` = 0..iters−1 of a stage (in a resumed fit, from the first step not yet taken;
   * `first` is true for the first step this call runs, to set a step-decayed learning rate).
   */
  async stage(name: string, iters: number, step: (it: number, first: boolean) => number): Promise<void> {
    const from = Math.max(0, Math.min(iters, this.steps - this.stageBase));
    this.progress.stage(`${name}: ${iters} steps${from > 0 ? ` (resumed at step ${from})` : ''}`);
    for (let it = from; it < iters && !this.state.stop; it++) {
      const loss = step(it, it === from);
      const inEpoch = (this.steps + 1) % this.perEpoch || this.perEpoch;
      // the shared divergence guard: a non-finite loss fails the run, naming the stage and its step
      this.loop.batchEnd(inEpoch, this.perEpoch, loss, `${name}, step ${it + 1} of ${iters}`);
      this.lossSum += loss;
      this.steps++;
      if (inEpoch === this.perEpoch) await this.epochEnd();
    }
    this.stageBase += iters;
  }

  /** `keep` false at the end: the trainer has freed what it kept (all steps are taken; a resume skips them all). */
  private async epochEnd(keep = true): Promise<void> {
    const inEpoch = this.steps % this.perEpoch || this.perEpoch;
    this.state.extra.stageRunner = { steps: this.steps };
    if (keep) await this.keep.put(this.state);
    try {
      await this.loop.epochEnd({ epoch: this.state.epoch, trainLoss: this.lossSum / inEpoch, val: {}, seconds: (performance.now() - this.epochStart) / 1000 });
    } finally {
      this.keep.clear(this.state);
    }
    this.lossSum = 0;
    this.epochStart = performance.now();
    this.state.epoch++;
  }

  async end(): Promise<FitResult> {
    if (this.steps % this.perEpoch !== 0) await this.epochEnd(false);
    return this.loop.end();
  }
}

/** Minimizes `loss` over `vars` with the step-decayed learning rate; returns the loss value. */
export function optimizerStep(opt: tf.Optimizer, vars: tf.Variable[], loss: () => tf.Scalar): number {
  const cost = opt.minimize(loss, true, vars)!;
  const v = cost.dataSync()[0];
  cost.dispose();
  return v;
}

/** StepLR: the rate for step `it` at each decay boundary, and at a resumed stage's first step (`first`). */
export function stepDecay(opt: tf.Optimizer, c: Pick<BaseConfig, 'lr' | 'lrDecayStep' | 'lrGamma'>, it: number, lr = c.lr, first = false): void {
  if (c.lrDecayStep && it > 0 && (it % c.lrDecayStep === 0 || first)) setLearningRate(opt, lr * Math.pow(c.lrGamma, Math.floor(it / c.lrDecayStep)));
}

/** Logits of a split in evaluation mode (running BN statistics, the model's current mask). */
export function predict(model: MaskedNet, dataset: ImageDataset, split: SplitName): tf.Tensor2D {
  const parts: tf.Tensor2D[] = [];
  for (const b of dataset.batches(split, { batchSize: 1000 })) {
    parts.push(model.forward(b, { training: false }));
    b.dispose();
  }
  if (parts.length === 0) return tf.zeros([0, model.classes]);
  const out = tf.concat(parts, 0) as tf.Tensor2D;
  tf.dispose(parts);
  return out;
}

/** 1 for each training example the model misclassifies (DCWP's and JTT's proxies for bias-conflicting data). */
export function misclassified(model: MaskedNet, dataset: ImageDataset): Uint8Array {
  const logits = predict(model, dataset, 'train');
  const pred = tf.tidy(() => tf.argMax(logits, 1).dataSync());
  logits.dispose();
  const labels = dataset.splits.train.labels;
  return Uint8Array.from(labels, (l, i) => (pred[i] !== l ? 1 : 0));
}

/** How well mined flags find the truly bias-conflicting examples (logged, never used for training). */
export function miningReport(flags: Uint8Array, dataset: ImageDataset): string {
  const truth = conflicting(dataset, 'train');
  let tp = 0;
  let flagged = 0;
  let real = 0;
  for (let i = 0; i < flags.length; i++) {
    flagged += flags[i];
    real += truth[i];
    if (flags[i] && truth[i]) tp++;
  }
  return `${flagged} mined, precision ${(tp / Math.max(flagged, 1)).toFixed(3)}, recall ${(tp / Math.max(real, 1)).toFixed(3)} (${real} truly conflicting)`;
}

/** What every debiasing trainer shares besides the loop helpers: the logger and `evaluate`. */
export abstract class DebiasTrainer implements Trainer {
  constructor(
    readonly name: string,
    protected readonly log: Logger,
    /** The run's trainer stream (`@inject(TOKENS.TrainerRng)` in each trainer). */
    protected readonly rng: Rng,
    /** The run's progress reporter (`@inject(TOKENS.Progress)`): each stage and its report. */
    protected readonly progress: ProgressReporter,
  ) {}

  abstract fit(args: FitArgs): Promise<FitResult>;

  /** The split's logits in evaluation mode (the model's current mask), then each metric on them. */
  evaluate(model: Model, dataset: Dataset, split: SplitName, metrics: Metric[]): EvalResult {
    return evaluateSplit(model, dataset, split, metrics, this.name);
  }
}

export function evaluateSplit(model: Model, dataset: Dataset, split: SplitName, metrics: Metric[], name: string): EvalResult {
  const { model: m, dataset: d } = checkInputs(name, model, dataset);
  const out = predict(m, d, split);
  const labels = tf.tensor1d(d.splits[split].labels, 'int32');
  const result: EvalResult = { loss: Number.NaN, metrics: {} };
  if (d.size(split) > 0) {
    result.loss = tf.tidy(() => tf.mean(tf.neg(tf.sum(tf.mul(tf.oneHot(labels, m.classes), tf.logSoftmax(out)), 1))).dataSync()[0]);
  }
  for (const metric of metrics) result.metrics[metric.name] = metric.compute(out, labels, { model, dataset, split });
  tf.dispose([out, labels]);
  return result;
}

