import type { Logger } from './tokens';

/**
 * What a run reports while it runs besides epochs and batches (those go to the callbacks): the
 * stages of a multi-stage procedure and their reports (DCWP's "2/4: mined with f_b ...", Cluster-GCN's
 * partition, Dual-AMN's bootstrapping rounds). Trainers get the run's reporter through
 * `@inject(TOKENS.Progress)`; `RunOptions.progress` replaces it for one run.
 */
export interface ProgressReporter {
  stage(message: string): void;
}

/** The default reporter of a run: each stage as an info line of the zoo's Logger. */
export function loggerProgress(log: Logger): ProgressReporter {
  return { stage: (message) => log.info(message) };
}
