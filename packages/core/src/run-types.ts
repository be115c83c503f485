import type { Callback } from './contracts/trainer';
import type { ProgressReporter } from './progress';
import type { RunConfig } from './registry';

export interface RunOptions {
  /** `--set k=v` overrides, applied before validation. */
  set?: string[];
  /** Overrides the config's seed (eval runs seeds 0..N-1). */
  seed?: number;
  dataDir?: string;
  /** Folder for checkpoints (`last/`, `final/`) and the merged `config.json`. */
  outDir?: string;
  /** Continue from `<outDir>/last` with the config stored in `<outDir>/config.json` (`set` on top). */
  resume?: boolean;
  /** With `resume`: accept a config (or seed) that differs from the stored one; the change is recorded. */
  force?: boolean;
  /** Start a new run in an `outDir` that already holds one (its run files are removed first). */
  overwrite?: boolean;
  /**
   * Aborting it (reason: the signal's name, `'SIGINT'`/`'SIGTERM'`) stops the fit at the next epoch
   * boundary, writes `<outDir>/last` and rejects with `RunInterrupted`.
   */
  signal?: AbortSignal;
  /** With `resume`: how to continue the run, quoted in the interruption message (the CLI's command line). */
  resumeHint?: string;
  callbacks?: Callback[];
  /** Where the run's trainer reports its stages (`TOKENS.Progress`); default: the zoo's Logger. */
  progress?: ProgressReporter;
}

export interface RunResult {
  recipe: string;
  config: RunConfig;
  /** Test-split metrics, headline first (always finite: a non-finite one fails the run, see divergence.ts). */
  metrics: Record<string, number>;
  /** Each metric's chance level on the test split (`Metric.chance`), where it declares one. */
  chance?: Record<string, number>;
  epochs: number;
  bestEpoch?: number;
  seconds: number;
  backend: string;
  /** The data the run used: `embedded`, `synthetic`, or the path read under `--data-dir` (`dataSourceOf`). */
  data: string;
}
