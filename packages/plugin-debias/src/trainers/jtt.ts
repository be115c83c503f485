import { inject, injectable, tf, TOKENS, z, boundedInt, LIMITS, type Rng, type ProgressReporter, type FitArgs, type FitResult, type Logger, type TrainerDef } from '@zoo/core';
import { upweights, WeightedSampler } from '../data/biased-dataset';
import { baseConfigSchema, DebiasTrainer, checkInputs, miningReport, misclassified, shuffledBatches, StageRunner } from './loop';
import { restore, snapshot, trainNets } from './supervised-steps';
import { LIU_2021 } from '../papers';

export const jttConfigSchema = baseConfigSchema
  .extend({
    /** Steps of the identification run (JTT's early-stopped ERM, T). */
    identifyIters: boundedInt(1, LIMITS.iterations).default(500),
    /** λ_up: sampling weight of the identification run's errors (the DCWP code's JTT script: 100/50/20/10 for 0.5/1/2/5%). */
    lambdaUp: z.number().positive().default(50),
  })
  .strict();
export type JttConfig = z.output<typeof jttConfigSchema>;

/**
 * Just Train Twice (Liu et al., ICML 2021, Alg. 1): train ERM for T steps, take its training errors as
 * the error set E, then train again from the same initial weights with E up-weighted by λ_up (here by
 * weighted sampling, as the DCWP code runs JTT).
 */
@injectable()
export class JttTrainer extends DebiasTrainer {
  constructor(@inject(TOKENS.Logger) log: Logger, @inject(TOKENS.TrainerRng) rng: Rng, @inject(TOKENS.Progress) progress: ProgressReporter) {
    super('jtt', log, rng, progress);
  }

  async fit(args: FitArgs<JttConfig>): Promise<FitResult> {
    const { model, dataset } = checkInputs('jtt', args.model, args.dataset);
    const c = args.config;
    const n = dataset.size('train');
    const runner = new StageRunner(args, Math.ceil(n / c.batchSize), c.identifyIters + c.iters, this.log, this.progress, { name: 'jtt' });
    await runner.start();
    const initial = snapshot(model);
    try {
      await trainNets(runner, 'jtt: identification (ERM)', [{ model, loss: 'ce' }], dataset, c, c.identifyIters, shuffledBatches(n, c.batchSize, this.rng.fork('batches')));
    } catch (err) {
      tf.dispose(Object.values(initial));
      throw err;
    }
    const errors = misclassified(model, dataset);
    this.progress.stage(`jtt: error set: ${miningReport(errors, dataset)}`);
    restore(model, initial);
    const sampler = new WeightedSampler(upweights(errors, c.lambdaUp), this.rng.fork('upweight'));
    await trainNets(runner, `jtt: retraining (errors ×${c.lambdaUp})`, [{ model, loss: 'ce' }], dataset, c, c.iters, () => sampler.sample(c.batchSize));
    return runner.end();
  }
}

export const jttTrainerDef: TrainerDef<typeof jttConfigSchema> = {
  id: 'jtt',
  paper: LIU_2021,
  description: 'JTT: ERM, then retraining from the same initialization with its errors up-weighted',
  configSchema: jttConfigSchema,
  trainer: JttTrainer,
};
