import type { Callback, EpochLogs, FitArgs, FitResult, FitState } from '../contracts/trainer';
import type { tf } from '../tf';
import type { Logger } from '../tokens';
import { CheckpointError } from '../checkpoint-format';
import { assertFiniteEpoch, assertFiniteLoss, divergenceSite, lastGoodCheckpoint } from './divergence';

/**
 * The callback side of a fit, shared by every trainer's loop: the `FitState` (a `--resume` state
 * applied), the callbacks in priority order, the epoch bookkeeping, and the divergence guard
 * (divergence.ts): a non-finite step loss (`batchEnd`'s `loss`), epoch loss, validation loss or
 * metric, or weight throws a `DivergedError` before the callbacks see it (so no checkpoint of a
 * diverged state is written), after telling the callbacks (`onFitAbort`) so they free what they hold.
 * The trainer keeps its own loop and advances `state.epoch`.
 */
export class FitLoop {
  readonly state: FitState;
  private readonly callbacks: Callback[];

  constructor(
    args: Pick<FitArgs, 'model' | 'callbacks' | 'resume'>,
    maxEpochs: number,
    // kept for trainers' own messages (the guard throws instead of warning)
    readonly log: Logger,
    opts: { optimizer?: tf.Optimizer; callbacks?: Callback[] } = {},
  ) {
    this.resumeFile = args.resume?.file;
    this.state = {
      model: args.model,
      epoch: args.resume?.epoch ?? 0,
      maxEpochs,
      stop: false,
      extra: { ...(args.resume?.extra ?? {}) },
      extraWeights: { ...(args.resume?.extraWeights ?? {}) },
      optimizer: opts.optimizer,
    };
    this.callbacks = [...(opts.callbacks ?? []), ...args.callbacks].sort((a, b) => (a.priority ?? 50) - (b.priority ?? 50));
  }

  private readonly resumeFile: string | undefined;

  async start(): Promise<void> {
    // a resumed epoch past the run's length is a checkpoint of another run (or an edited one), refused
    if (this.state.epoch > this.state.maxEpochs) {
      throw new CheckpointError(this.resumeFile ?? '(resume state)', 'zoo.epoch', `epoch ${this.state.epoch} is past the run's ${this.state.maxEpochs} epochs (a checkpoint of another run, or edited)`);
    }
    for (const cb of this.callbacks) await cb.onFitStart?.(this.state);
  }

  /**
   * After optimizer step `batch` of `batches` this epoch; `loss`, when the trainer reports it, is the
   * step's loss (checked: a non-finite one fails the run); `label` names the stage in the message.
   */
  batchEnd(batch: number, batches: number, loss?: number, label?: string): void {
    if (loss !== undefined) this.guard(() => assertFiniteLoss(loss, divergenceSite(this.state.epoch, this.state.maxEpochs, { batch, batches }, label), this.checkpoint()));
    for (const cb of this.callbacks) cb.onBatchEnd?.(this.state, { batch, batches });
  }

  async epochEnd(logs: EpochLogs): Promise<void> {
    this.guard(() => assertFiniteEpoch(logs, this.state.model, `${divergenceSite(logs.epoch, this.state.maxEpochs)}, at its end`, this.checkpoint()));
    for (const cb of this.callbacks) await cb.onEpochEnd?.(this.state, logs);
  }

  async end(): Promise<FitResult> {
    for (const cb of this.callbacks) await cb.onFitEnd?.(this.state);
    return { epochs: this.state.epoch, state: this.state };
  }

  /**
   * Runs a trainer's fit (`body` starts the loop and advances `state.epoch`) and ends it; on any error
   * the callbacks free what they hold (`abort`) before the error goes on. `cleanup` (the trainer's
   * optimizer) runs either way.
   */
  async run(body: () => Promise<void>, cleanup?: () => void): Promise<FitResult> {
    try {
      await body();
      return await this.end();
    } catch (err) {
      this.abort();
      throw err;
    } finally {
      cleanup?.();
    }
  }

  /** Ends a fit that failed: the callbacks free what they hold (`onFitAbort`); the error goes on to the caller. */
  abort(): void {
    if (this.aborted) return;
    this.aborted = true;
    for (const cb of this.callbacks) {
      try {
        cb.onFitAbort?.(this.state);
      } catch {
        // the fit's own error is the one to report
      }
    }
  }

  /** The last good checkpoint, as the run's checkpointer tells it. */
  checkpoint(): string {
    return lastGoodCheckpoint(this.callbacks);
  }

  private aborted = false;

  private guard(check: () => void): void {
    try {
      check();
    } catch (err) {
      this.state.stop = true;
      this.abort();
      throw err;
    }
  }
}
