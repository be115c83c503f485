import { disposeOptimizer, inject, injectable, tf, TOKENS, z, boundedInt, LIMITS, type Rng, type ProgressReporter, type FitArgs, type FitResult, type Logger, type TrainerDef } from '@zoo/core';
import type { ImageDataset } from '@zoo/vision';
import { upweights, WeightedSampler } from '../data/biased-dataset';
import { crossEntropyPerExample } from '../losses/gce';
import { debiasedSupCon } from '../losses/supcon';
import { maskCounts } from '../models/gumbel-mask';
import type { MaskedNet } from '../models/masked-net';
import { baseConfigSchema, DebiasTrainer, checkInputs, l2, makeOptimizer, miningReport, misclassified, optimizerStep, shuffledBatches, StageRunner } from './loop';
import { trainNets } from './supervised-steps';
import { PARK_2023 } from '../papers';

export const dcwpConfigSchema = baseConfigSchema
  .extend({
    /** GCE exponent of the bias-capturing model. */
    q: z.number().positive().max(1).default(0.7),
    pruneIters: boundedInt(0, LIMITS.iterations).default(2000),
    /** Adam on the mask logits. */
    pruneLr: z.number().positive().default(0.01),
    /** λ_ℓ1 on Σπ (Eq. 11). */
    lambdaSparse: z.number().min(0).default(1e-8),
    lambdaConPrune: z.number().min(0).default(0.05),
    /** Sampling weight of mined examples while pruning (the code: 80). */
    mineWeight: z.number().positive().default(80),
    retrainIters: boundedInt(0, LIMITS.iterations).default(500),
    retrainOptimizer: z.enum(['sgd', 'adam']).default('adam'),
    retrainLr: z.number().positive().default(0.01),
    lambdaConRetrain: z.number().min(0).default(0.05),
    /** λ_up: sampling weight of mined examples while retraining (the paper: 80/50/30/10 for 0.5/1/2/5%). */
    lambdaUp: z.number().positive().default(20),
    temperature: z.number().positive().default(0.07),
  })
  .strict();
export type DcwpConfig = z.output<typeof dcwpConfigSchema>;

/**
 * Debiased Contrastive Weight Pruning (Park et al., CVPR 2023, Alg. 1; the code's PruneSolver):
 * 1. pre-train f with CE and a bias-capturing f_b with GCE on the same batches (SGD);
 * 2. mine: training examples f_b misclassifies are the bias-conflicting proxies;
 * 3. prune: weights frozen, mask logits π trained with Adam on batches drawn with the mined examples
 *    weighted ×mineWeight: CE + λ_ℓ1·Σπ + λ_con·debiased SupCon under a hard Gumbel-sigmoid mask;
 * 4. retrain the weights under the fixed mask 1[π ≥ 0] with the mined examples weighted ×λ_up:
 *    CE + λ_con·SupCon (Adam). The model keeps the fixed mask for evaluation.
 */
/** The debiased SupCon loss of a training batch, given by its example indices (labels and mined flags looked up). */
function contrastive(dataset: ImageDataset, mined: Uint8Array, temperature: number): (features: tf.Tensor2D, index: Int32Array) => tf.Scalar {
  const labels = dataset.splits.train.labels;
  return (features, index) =>
    debiasedSupCon(
      features,
      Int32Array.from(index, (k) => labels[k]),
      Uint8Array.from(index, (k) => mined[k]),
      temperature,
    );
}

@injectable()
export class DcwpTrainer extends DebiasTrainer {
  constructor(@inject(TOKENS.Logger) log: Logger, @inject(TOKENS.TrainerRng) rng: Rng, @inject(TOKENS.Progress) progress: ProgressReporter) {
    super('dcwp', log, rng, progress);
  }

  async fit(args: FitArgs<DcwpConfig>): Promise<FitResult> {
    const { model, dataset } = checkInputs('dcwp', args.model, args.dataset);
    const c = args.config;
    const n = dataset.size('train');
    const runner = new StageRunner(args, Math.ceil(n / c.batchSize), c.iters + c.pruneIters + c.retrainIters, this.log, this.progress, { name: 'dcwp' });
    await runner.start();
    model.setMaskMode('off');

    // 1. pre-training
    const biased = model.sibling(this.rng.fork('bias-model'));
    let mined: Uint8Array;
    try {
      await trainNets(runner, 'dcwp 1/4: pre-training f (CE) and f_b (GCE)', [{ model, loss: 'ce' }, { model: biased, loss: 'gce' }], dataset, c, c.iters, shuffledBatches(n, c.batchSize, this.rng.fork('batches')));
      // 2. mining
      mined = misclassified(biased, dataset);
    } finally {
      biased.dispose();
    }
    this.progress.stage(`dcwp 2/4: mined with f_b: ${miningReport(mined, dataset)}`);
    await this.prune(runner, model, dataset, mined, c, this.rng);
    await this.retrain(runner, model, dataset, mined, c, this.rng);
    return runner.end();
  }

  /** Step 3: learns the mask logits (weights frozen); leaves the model in `sample` mode. */
  async prune(runner: StageRunner, model: MaskedNet, dataset: ImageDataset, mined: Uint8Array, c: DcwpConfig, rng: Rng): Promise<void> {
    const con = contrastive(dataset, mined, c.temperature);
    model.setMaskMode('sample');
    const pis = model.maskLogits();
    const maskOpt = tf.train.adam(c.pruneLr);
    const sampler = new WeightedSampler(upweights(mined, c.mineWeight), rng.fork('prune-sampler'));
    try {
      await runner.stage('dcwp 3/4: learning the mask', c.pruneIters, () => {
        const b = dataset.batchAt('train', sampler.sample(c.batchSize), true);
        const v = optimizerStep(maskOpt, pis, () => {
          const { logits, features } = model.run(b.x, true);
          const ce = tf.mean(crossEntropyPerExample(logits, b.labels));
          const sparse = tf.mul(tf.addN(pis.map((p) => tf.sum(p))), c.lambdaSparse);
          if (c.lambdaConPrune === 0) return tf.add(ce, sparse) as tf.Scalar;
          return tf.addN([ce, sparse, tf.mul(con(features, b.index), c.lambdaConPrune)]) as tf.Scalar;
        });
        b.dispose();
        return v;
      });
    } finally {
      disposeOptimizer(maskOpt);
    }
    const { kept, total } = maskCounts(pis);
    this.progress.stage(`dcwp 3/4: the mask keeps ${kept} of ${total} weights (${((100 * kept) / total).toFixed(1)}%)`);
  }

  /** Step 4: retrains the weights under the fixed mask 1[π ≥ 0]; leaves the model in `fixed` mode. */
  async retrain(runner: StageRunner, model: MaskedNet, dataset: ImageDataset, mined: Uint8Array, c: DcwpConfig, rng: Rng): Promise<void> {
    const con = contrastive(dataset, mined, c.temperature);
    model.setMaskMode('fixed');
    const vars = model.trainableVariables();
    const opt = makeOptimizer(c.retrainOptimizer, c.retrainLr);
    const wd = c.retrainOptimizer === 'sgd' ? c.weightDecay : 0;
    const sampler = new WeightedSampler(upweights(mined, c.lambdaUp), rng.fork('retrain-sampler'));
    try {
      await runner.stage(`dcwp 4/4: retraining under the mask (mined ×${c.lambdaUp})`, c.retrainIters, () => {
        const b = dataset.batchAt('train', sampler.sample(c.batchSize), true);
        const v = optimizerStep(opt, vars, () => {
          const { logits, features } = model.run(b.x, true);
          const ce = tf.mean(crossEntropyPerExample(logits, b.labels));
          const loss = (c.lambdaConRetrain === 0 ? ce : tf.add(ce, tf.mul(con(features, b.index), c.lambdaConRetrain))) as tf.Scalar;
          return wd > 0 ? tf.add(loss, l2(vars, wd)) : loss;
        });
        b.dispose();
        return v;
      });
    } finally {
      disposeOptimizer(opt);
    }
  }
}

export const dcwpTrainerDef: TrainerDef<typeof dcwpConfigSchema> = {
  id: 'dcwp',
  paper: PARK_2023,
  description: 'DCWP: pre-train f and a GCE bias model, mine, learn a weight mask (Gumbel-sigmoid + debiased SupCon), retrain under it',
  configSchema: dcwpConfigSchema,
  trainer: DcwpTrainer,
};
