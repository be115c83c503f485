import { inject, injectable, TOKENS, type Rng, type ProgressReporter, type FitArgs, type FitResult, type Logger, type TrainerDef } from '@zoo/core';
import { baseConfigSchema, DebiasTrainer, checkInputs, shuffledBatches, StageRunner, type BaseConfig } from './loop';
import { trainNets } from './supervised-steps';

export const ermConfigSchema = baseConfigSchema.strict();

/** Empirical risk minimization: the CNN trained with cross-entropy on the biased data (the "vanilla" row). */
@injectable()
export class ErmTrainer extends DebiasTrainer {
  constructor(@inject(TOKENS.Logger) log: Logger, @inject(TOKENS.TrainerRng) rng: Rng, @inject(TOKENS.Progress) progress: ProgressReporter) {
    super('erm', log, rng, progress);
  }

  async fit(args: FitArgs<BaseConfig>): Promise<FitResult> {
    const { model, dataset } = checkInputs('erm', args.model, args.dataset);
    const c = args.config;
    const runner = new StageRunner(args, Math.ceil(dataset.size('train') / c.batchSize), c.iters, this.log, this.progress, { resumable: true, name: 'erm' });
    const batches = shuffledBatches(dataset.size('train'), c.batchSize, this.rng.fork('batches'));
    runner.keep.json('batches', batches.getState, batches.setState);
    await runner.start();
    await trainNets(runner, 'erm', [{ model, loss: 'ce' }], dataset, c, c.iters, batches);
    return runner.end();
  }
}

export const ermTrainerDef: TrainerDef<typeof ermConfigSchema> = {
  id: 'erm',
  description: 'ERM: cross-entropy on the biased training set (SGD, the DCWP code’s pre-training settings)',
  configSchema: ermConfigSchema,
  trainer: ErmTrainer,
};
