import type { Callback, EpochLogs, FitArgs, FitResult, FitState } from '../contracts/trainer';
import type { tf } from '../tf';
import type { Logger } from '../tokens';

/**
 * The callback side of a fit, shared by every trainer's loop: the `FitState` (a `--resume` state
 * applied), the callbacks in priority order, and the epoch bookkeeping (a non-finite training loss stops
 * the fit after the epoch's callbacks). The trainer keeps its own loop and advances `state.epoch`.
 */
export class FitLoop {
  readonly state: FitState;
  private readonly callbacks: Callback[];

  constructor(
    args: Pick<FitArgs, 'model' | 'callbacks' | 'resume'>,
    maxEpochs: number,
    private readonly log: Logger,
    opts: { optimizer?: tf.Optimizer; callbacks?: Callback[] } = {},
  ) {
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

  async start(): Promise<void> {
    for (const cb of this.callbacks) await cb.onFitStart?.(this.state);
  }

  batchEnd(batch: number, batches: number): void {
    for (const cb of this.callbacks) cb.onBatchEnd?.(this.state, { batch, batches });
  }

  async epochEnd(logs: EpochLogs): Promise<void> {
    if (!Number.isFinite(logs.trainLoss)) {
      this.log.warn(`epoch ${this.state.epoch}: training loss is ${logs.trainLoss}; stopping`);
      this.state.stop = true;
    }
    for (const cb of this.callbacks) await cb.onEpochEnd?.(this.state, logs);
  }

  async end(): Promise<FitResult> {
    for (const cb of this.callbacks) await cb.onFitEnd?.(this.state);
    return { epochs: this.state.epoch, state: this.state };
  }
}
