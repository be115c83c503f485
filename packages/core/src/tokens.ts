/** tsyringe tokens for every service. Always inject with `@inject(TOKENS.X)`: no reliance on decorator metadata. */
export const TOKENS = {
  Registry: Symbol.for('zoo.Registry'),
  Logger: Symbol.for('zoo.Logger'),
  BackendInfo: Symbol.for('zoo.BackendInfo'),
  /** The container that owns the Runner; the Runner makes a child of it per run. */
  Container: Symbol.for('zoo.Container'),
  /** Per run (child container): the trainer's stream of the run's seed, `Rng(seed).fork('trainer')`. */
  TrainerRng: Symbol.for('zoo.TrainerRng'),
  /** Per run: the dataset's stream, `Rng(seed).fork('data')` (reaches `DatasetDef.load` through RunServices). */
  DataRng: Symbol.for('zoo.DataRng'),
  /** Per run: the model's stream, `Rng(seed).fork('model')` (reaches `ModelDef.create` through RunServices). */
  ModelRng: Symbol.for('zoo.ModelRng'),
  /** Per run: the `RngStreams` book of the run's streams (checkpointed, restored on `--resume`). */
  RngStreams: Symbol.for('zoo.RngStreams'),
  /** Per run: the ProgressReporter trainers report their stages to (`RunOptions.progress`, else the Logger). */
  Progress: Symbol.for('zoo.Progress'),
  /** Per run: `--data-dir` or undefined. */
  DataDir: Symbol.for('zoo.DataDir'),
} as const;

export interface Logger {
  info(msg: string): void;
  warn(msg: string): void;
}

/** A logger that drops everything, so "no logging" needs no branches. */
export const silentLogger: Logger = { info() {}, warn() {} };

export const stderrLogger: Logger = {
  info: (m) => process.stderr.write(`${m}\n`),
  warn: (m) => process.stderr.write(`warning: ${m}\n`),
};
