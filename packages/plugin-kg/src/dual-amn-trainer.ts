import {
  inject,
  injectable,
  tf,
  TOKENS,
  z,
  boundedInt,
  LIMITS,
  disposeOptimizer,
  FitLoop,
  gatherRows,
  type Dataset,
  type EvalResult,
  restoreOptimizer,
  resumeExtra,
  CheckpointError,
  type FitArgs,
  type FitResult,
  type Logger,
  type Rng,
  type ProgressReporter,
  type Metric,
  type Model,
  type SplitName,
  type Trainer,
  type TrainerDef,
} from '@zoo/core';
import { alignmentMetrics, cslsRanks } from './csls';
import { KgDataset, pairBatches, type KgBatch } from './data/kg-dataset';
import { DualAmn, unit } from './dual-amn';
import { nhsmLoss } from './nhsm-loss';
import { MAO_2021 } from './papers';

/**
 * Dual-AMN's procedure (the code's training cell): RMSprop (lr 0.005), shuffled batches of 1,024 seed
 * pairs, the NHSM loss in both directions, `maxEpochs` epochs; then, for semi-supervision, `rounds` rounds
 * that each add the mutual CSLS nearest neighbours among the still unaligned entities as new pairs and
 * train `roundEpochs` more epochs (the code: 20 epochs, then 4 rounds of 5).
 */
export const dualAmnTrainerConfigSchema = z
  .object({
    lr: z.number().positive().default(0.005),
    batchSize: boundedInt(1, LIMITS.batch).default(1024),
    /** Supervised epochs before any bootstrapping round (the code: 20). */
    maxEpochs: boundedInt(1, LIMITS.epochs).default(20),
    rounds: boundedInt(0, LIMITS.epochs).default(0),
    roundEpochs: boundedInt(1, LIMITS.epochs).default(5),
    gamma: z.number().default(1),
    lambda: z.number().positive().default(30),
    tau: z.number().default(10),
    /** CSLS neighbourhood size. */
    cslsK: boundedInt(1, LIMITS.count).default(10),
    /** With `zoo train --out`, write a resumable checkpoint every this many epochs. */
    checkpointEvery: boundedInt(1, LIMITS.epochs).default(5),
  })
  .strict();
export type DualAmnTrainerConfig = z.output<typeof dualAmnTrainerConfigSchema>;

/** mean over the batch of NHSM(l → all) + NHSM(r → all). */
export function alignmentLoss(emb: tf.Tensor2D, batch: Pick<KgBatch, 'leftIds' | 'rightIds'>, c: Pick<DualAmnTrainerConfig, 'gamma' | 'lambda' | 'tau'>): tf.Scalar {
  return tf.tidy(() => tf.mean(nhsmLoss(emb, batch.leftIds, batch.rightIds, { gamma: c.gamma, lambda: c.lambda, tau: c.tau })) as tf.Scalar);
}

@injectable()
export class DualAmnTrainer implements Trainer {
  constructor(
    @inject(TOKENS.Logger) private readonly log: Logger,
    /** The run's trainer stream, from the run's child container. */
    @inject(TOKENS.TrainerRng) private readonly rng: Rng,
    /** Each bootstrapping round's new pairs. */
    @inject(TOKENS.Progress) private readonly progress: ProgressReporter,
  ) {}

  async fit(args: FitArgs<DualAmnTrainerConfig>): Promise<FitResult> {
    const { model, dataset, config } = args;
    const rng = this.rng;
    if (!(model instanceof DualAmn)) throw new Error(`the dual-amn trainer needs a Dual-AMN model, got ${model.constructor.name}`);
    if (!(dataset instanceof KgDataset)) throw new Error(`the dual-amn trainer needs an aligned-KG dataset, got '${dataset.id}'`);
    const optimizer = tf.train.rmsprop(config.lr);
    const total = config.maxEpochs + config.rounds * config.roundEpochs;
    const loop = new FitLoop(args, total, this.log, { optimizer });
    const state = loop.state;
    // the bootstrapped pairs (entity ids, two per pair) and the epoch of the last round, checked before anything runs
    const saved = resumeExtra(args.resume, 'bootstrapped', z.array(z.number().int().nonnegative()));
    if (saved && saved.length % 2 !== 0) throw new CheckpointError(args.resume?.file ?? '(resume state)', 'zoo.extra.bootstrapped', `${saved.length} entity ids, expected pairs (an even count)`);
    resumeExtra(args.resume, 'bootstrappedAt', z.number().int().nonnegative());
    // forked before the fit starts: a resumed fit restores the run's streams then (RngStreams)
    const shuffle = rng.fork('shuffle');
    return loop.run(async () => {
      if (state.extraWeights.optimizer) {
        await restoreOptimizer(optimizer, state.extraWeights.optimizer, { file: args.resume?.file });
        delete state.extraWeights.optimizer;
      }
      await loop.start();
      const vars = model.trainableVariables();
      // pairs found by bootstrapping so far (kept in the checkpoint so --resume continues with them)
      const added = (state.extra.bootstrapped as number[] | undefined) ?? [];
      const pool = dataset.unaligned();
      for (; state.epoch < total && !state.stop; state.epoch++) {
        const t0 = performance.now();
        const roundStart = state.epoch >= config.maxEpochs && (state.epoch - config.maxEpochs) % config.roundEpochs === 0;
        if (roundStart && (state.extra.bootstrappedAt as number | undefined) !== state.epoch) {
          const fresh = this.bootstrap(model, pool, added, config.cslsK);
          added.push(...fresh);
          state.extra.bootstrapped = added;
          state.extra.bootstrappedAt = state.epoch;
          this.progress.stage(`dual-amn: round ${(state.epoch - config.maxEpochs) / config.roundEpochs + 1}: ${fresh.length / 2} new pairs (mutual CSLS nearest neighbours), ${added.length / 2} in all`);
        }
        const train = new Int32Array(dataset.kg.train.length + added.length);
        train.set(dataset.kg.train);
        train.set(added, dataset.kg.train.length);
        let lossSum = 0;
        let count = 0;
        const batches = Math.ceil(train.length / 2 / config.batchSize);
        let b = 0;
        for (const batch of pairBatches(train, { batchSize: config.batchSize, shuffle })) {
          const cost = optimizer.minimize(() => alignmentLoss(model.embeddings(true), batch, config), true, vars)!;
          const n = batch.leftIds.length;
          const loss = cost.dataSync()[0];
          lossSum += loss * n;
          count += n;
          cost.dispose();
          batch.dispose();
          loop.batchEnd(++b, batches, loss);
        }
        await loop.epochEnd({ epoch: state.epoch, trainLoss: lossSum / Math.max(count, 1), val: {}, seconds: (performance.now() - t0) / 1000 });
      }
    }, () => disposeOptimizer(optimizer));
  }

  /** New pairs (flat [left, right]) among the unaligned entities: mutual CSLS nearest neighbours. */
  private bootstrap(model: DualAmn, pool: { left: Int32Array; right: Int32Array }, added: number[], k: number): number[] {
    const taken = new Set(added);
    const left = pool.left.filter((e) => !taken.has(e));
    const right = pool.right.filter((e) => !taken.has(e));
    if (left.length === 0 || right.length === 0) return [];
    const [L, R] = tf.tidy(() => {
      const emb = model.embeddings(false);
      return [unit(gatherRows(emb, left)), unit(gatherRows(emb, right))];
    });
    let lBest: Int32Array;
    let rBest: Int32Array;
    try {
      lBest = cslsRanks(L, R, k).best;
      rBest = cslsRanks(R, L, k).best;
    } finally {
      tf.dispose([L, R]);
    }
    const out: number[] = [];
    for (let i = 0; i < left.length; i++) if (rBest[lBest[i]] === i) out.push(left[i], right[lBest[i]]);
    return out;
  }

  /**
   * CSLS ranks over the split's pairs, as the code evaluates: each right entity is a query against the
   * split's left entities (`CSLS_cal` ranks rows of R_sim); Hits@1, Hits@10 and MRR.
   */
  evaluate(model: Model, dataset: Dataset, split: SplitName, metrics: Metric[]): EvalResult {
    if (!(model instanceof DualAmn) || !(dataset instanceof KgDataset)) throw new Error('the dual-amn trainer evaluates Dual-AMN models on aligned-KG datasets');
    const result: EvalResult = { loss: Number.NaN, metrics: {} };
    const pairs = dataset.pairs(split);
    if (pairs.length === 0) return result;
    const [batch] = [...pairBatches(pairs)];
    const out = model.forward(batch, { training: false });
    batch.dispose();
    let m: Record<string, number>;
    try {
      m = alignmentMetrics(out) as unknown as Record<string, number>;
    } finally {
      out.dispose();
    }
    for (const metric of metrics) {
      if (!(metric.name in m)) throw new Error(`the dual-amn trainer computes hits_at_1, hits_at_10 and mrr, not '${metric.name}'`);
      result.metrics[metric.name] = m[metric.name];
    }
    return result;
  }
}

export const dualAmnTrainerDef: TrainerDef<typeof dualAmnTrainerConfigSchema> = {
  id: 'dual-amn',
  paper: MAO_2021,
  description: "Dual-AMN's loop: RMSprop, NHSM over all entities, optional semi-supervised bootstrapping rounds",
  configSchema: dualAmnTrainerConfigSchema,
  trainer: DualAmnTrainer,
};
