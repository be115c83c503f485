import { disposeOptimizer, inject, injectable, tf, TOKENS, z, type Rng, type ProgressReporter, type FitArgs, type FitResult, type Logger, type TrainerDef } from '@zoo/core';
import { crossEntropyPerExample, generalizedCrossEntropy } from '../losses/gce';
import { baseConfigSchema, DebiasTrainer, checkInputs, l2, makeOptimizer, optimizerStep, shuffledBatches, StageRunner, stepDecay } from './loop';
import { NAM_2020 } from '../papers';

export const lffConfigSchema = baseConfigSchema
  .extend({
    q: z.number().positive().max(1).default(0.7),
    /** EMA factor of the per-example losses (the LfF code's `ema_alpha`). */
    emaAlpha: z.number().min(0).max(1).default(0.7),
  })
  .strict();
export type LffConfig = z.output<typeof lffConfigSchema>;

/**
 * Exponential moving average of each example's loss with LfF's update
 * ℓ̄ ← α·ℓ̄ + (1 − α·seen)·ℓ (the first visit takes ℓ as it is), and the per-class maximum used to normalize.
 */
export class LossEma {
  readonly value: Float32Array;
  private readonly seen: Uint8Array;

  constructor(
    n: number,
    private readonly alpha: number,
  ) {
    this.value = new Float32Array(n);
    this.seen = new Uint8Array(n);
  }

  /** For checkpoints: the averages and which examples were seen. */
  getState(): { value: number[]; seen: number[] } {
    return { value: Array.from(this.value), seen: Array.from(this.seen) };
  }

  setState(s: { value: number[]; seen: number[] }): void {
    this.value.set(s.value);
    this.seen.set(s.seen);
  }

  update(index: Int32Array, loss: ArrayLike<number>): void {
    index.forEach((k, i) => {
      this.value[k] = this.alpha * this.value[k] + (1 - this.alpha * this.seen[k]) * loss[i];
      this.seen[k] = 1;
    });
  }

  classMax(labels: Int32Array, classes: number): Float32Array {
    const m = new Float32Array(classes);
    labels.forEach((y, k) => {
      if (this.value[k] > m[y]) m[y] = this.value[k];
    });
    return m;
  }
}

/**
 * Learning from Failure (Nam et al., NeurIPS 2020, Alg. 1): a bias model f_B trained with GCE and a
 * debiased model f_D trained simultaneously with CE weighted per example by the relative difficulty
 * W(x) = ℓ_B / (ℓ_B + ℓ_D), from class-normalized EMAs of both models' losses.
 */
@injectable()
export class LffTrainer extends DebiasTrainer {
  constructor(@inject(TOKENS.Logger) log: Logger, @inject(TOKENS.TrainerRng) rng: Rng, @inject(TOKENS.Progress) progress: ProgressReporter) {
    super('lff', log, rng, progress);
  }

  async fit(args: FitArgs<LffConfig>): Promise<FitResult> {
    const { model, dataset } = checkInputs('lff', args.model, args.dataset);
    const c = args.config;
    const n = dataset.size('train');
    const labels = dataset.splits.train.labels;
    const biased = model.sibling(this.rng.fork('bias-model'));
    const emaB = new LossEma(n, c.emaAlpha);
    const emaD = new LossEma(n, c.emaAlpha);
    const optD = makeOptimizer(c.optimizer, c.lr);
    const optB = makeOptimizer(c.optimizer, c.lr);
    const wd = c.optimizer === 'sgd' ? c.weightDecay : 0;
    const next = shuffledBatches(n, c.batchSize, this.rng.fork('batches'));
    const varsB = biased.trainableVariables();
    const varsD = model.trainableVariables();
    const runner = new StageRunner(args, Math.ceil(n / c.batchSize), c.iters, this.log, this.progress, { resumable: true, name: 'lff' });
    try {
      runner.keep.json('batches', next.getState, next.setState);
      runner.keep.json('ema-b', () => emaB.getState(), (s) => emaB.setState(s));
      runner.keep.json('ema-d', () => emaD.getState(), (s) => emaD.setState(s));
      runner.keep.weights('bias-model', () => biased.getWeights(), (w) => biased.setWeights(w));
      await runner.keep.optimizer('opt-d', optD);
      await runner.keep.optimizer('opt-b', optB);
      await runner.start();
      await runner.stage('lff: f_B (GCE) and f_D (relative-difficulty weighted CE)', c.iters, (it, first) => {
        stepDecay(optD, c, it, c.lr, first);
        stepDecay(optB, c, it, c.lr, first);
        const b = dataset.batchAt('train', next(), true);
        // both EMAs take the per-example CE of this step's forward passes (the code's detached losses)
        optimizerStep(optB, varsB, () => {
          const { logits, features } = biased.run(b.x, true);
          features.dispose();
          emaB.update(b.index, crossEntropyPerExample(logits, b.labels).dataSync());
          const loss = tf.mean(generalizedCrossEntropy(logits, b.labels, c.q)) as tf.Scalar;
          return wd > 0 ? tf.add(loss, l2(varsB, wd)) : loss;
        });
        const v = optimizerStep(optD, varsD, () => {
          const { logits, features } = model.run(b.x, true);
          features.dispose();
          const ce = crossEntropyPerExample(logits, b.labels);
          emaD.update(b.index, ce.dataSync());
          const maxB = emaB.classMax(labels, model.classes);
          const maxD = emaD.classMax(labels, model.classes);
          const w = Float32Array.from(b.index, (k) => {
            const y = labels[k];
            const nb = emaB.value[k] / Math.max(maxB[y], 1e-8);
            const nd = emaD.value[k] / Math.max(maxD[y], 1e-8);
            return nb / (nb + nd + 1e-8);
          });
          const loss = tf.mean(tf.mul(ce, tf.tensor1d(w))) as tf.Scalar;
          return wd > 0 ? tf.add(loss, l2(varsD, wd)) : loss;
        });
        b.dispose();
        return v;
      });
    } finally {
      disposeOptimizer(optD);
      disposeOptimizer(optB);
      biased.dispose();
    }
    return runner.end();
  }
}

export const lffTrainerDef: TrainerDef<typeof lffConfigSchema> = {
  id: 'lff',
  paper: NAM_2020,
  description: 'LfF: a GCE bias model and a debiased model trained together, CE re-weighted by relative difficulty',
  configSchema: lffConfigSchema,
  trainer: LffTrainer,
};
