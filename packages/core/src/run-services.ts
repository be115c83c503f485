import 'reflect-metadata';
import { inject, injectable, type DependencyContainer } from 'tsyringe';
import type { DatasetLoadContext } from './contracts/dataset';
import type { Dataset } from './contracts/dataset';
import type { ModelContext } from './contracts/model';
import type { Rng } from './rng';
import { RngStreams } from './rng-streams';
import { loggerProgress, type ProgressReporter } from './progress';
import { TOKENS, type Logger } from './tokens';

/**
 * The run services a dataset and a model factory receive, resolved from the run's child container
 * (the one channel for run services): `--data-dir`, the data stream and the model stream of the
 * run's seed (`Rng(seed).fork('data')`, `.fork('model')`), and the book of all the run's streams
 * (the runner checkpoints and restores it).
 */
@injectable()
export class RunServices {
  constructor(
    @inject(TOKENS.DataDir) readonly dataDir: string | undefined,
    @inject(TOKENS.DataRng) readonly dataRng: Rng,
    @inject(TOKENS.ModelRng) readonly modelRng: Rng,
    @inject(TOKENS.RngStreams) readonly rngStreams: RngStreams,
  ) {}

  datasetContext(): DatasetLoadContext {
    return { dataDir: this.dataDir, rng: this.dataRng };
  }

  modelContext(dataset: Dataset): ModelContext {
    return { dataset, rng: this.modelRng };
  }
}

/**
 * A run's child container of `parent`: the run services of seed `seed` (`Rng(seed).fork('data' |
 * 'model' | 'trainer')`), `--data-dir` and the progress reporter (default: the Logger's info). Resolve the trainer and RunServices from it.
 */
export function createRunContainer(parent: DependencyContainer, seed: number, dataDir?: string, progress?: ProgressReporter): DependencyContainer {
  const child = parent.createChildContainer();
  child.register(TOKENS.Progress, { useFactory: (c) => progress ?? loggerProgress(c.resolve<Logger>(TOKENS.Logger)) });
  const rng = RngStreams.root(seed);
  child.register(TOKENS.RngStreams, { useValue: rng.streams! });
  child.register(TOKENS.DataRng, { useValue: rng.fork('data') });
  child.register(TOKENS.ModelRng, { useValue: rng.fork('model') });
  child.register(TOKENS.TrainerRng, { useValue: rng.fork('trainer') });
  // a factory: tsyringe takes a value provider of undefined (no --data-dir) for no registration
  child.register(TOKENS.DataDir, { useFactory: () => dataDir });
  return child;
}
