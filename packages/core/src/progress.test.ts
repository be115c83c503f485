import 'reflect-metadata';
import { container as rootContainer, inject, injectable } from 'tsyringe';
import { createZooContainer } from './container';
import type { FitArgs, FitResult } from './contracts/trainer';
import type { ProgressReporter } from './progress';
import type { Rng } from './rng';
import { Runner } from './runner';
import { toyPlugin, useTestBackend } from './testing';
import { TOKENS, type Logger } from './tokens';
import { SupervisedTrainer, supervisedConfigSchema, type SupervisedConfig } from './trainer/supervised';

/** A trainer that announces a stage through the run's progress reporter, then trains as usual. */
@injectable()
class StagedTrainer extends SupervisedTrainer {
  constructor(@inject(TOKENS.Logger) log: Logger, @inject(TOKENS.TrainerRng) rng: Rng, @inject(TOKENS.Progress) private readonly progress: ProgressReporter) {
    super(log, rng);
  }

  override fit(args: FitArgs<SupervisedConfig>): Promise<FitResult> {
    this.progress.stage(`staged: ${args.config.maxEpochs} epochs`);
    return super.fit(args);
  }
}

const staged = {
  ...toyPlugin,
  trainers: [{ id: 'staged', description: 'supervised, announcing its stage', configSchema: supervisedConfigSchema, trainer: StagedTrainer }],
  recipes: [{ ...toyPlugin.recipes[0], trainer: 'staged' }],
};

describe('the run progress reporter (TOKENS.Progress)', () => {
  it("goes to the zoo's Logger by default and to RunOptions.progress when given; never shifts the numbers", async () => {
    const lines: string[] = [];
    const logger: Logger = { info: (m) => void lines.push(m), warn: () => {} };
    const runner = createZooContainer({ plugins: [staged], backend: await useTestBackend(), logger, parent: rootContainer }).resolve(Runner);
    const set = ['trainer.maxEpochs=3'];
    const a = await runner.run('toy/softmax@blobs', { set });
    expect(lines).toEqual(['staged: 3 epochs']);

    const reported: string[] = [];
    const b = await runner.run('toy/softmax@blobs', { set, progress: { stage: (m) => void reported.push(m) } });
    expect(reported).toEqual(['staged: 3 epochs']);
    expect(lines).toEqual(['staged: 3 epochs']);
    expect(b.metrics).toEqual(a.metrics);
  });
});
