import type { Callback, EpochLogs, FitState } from '../contracts/trainer';
import { ZooError } from '../errors';
import type { Checkpointer } from './checkpointer';

/** Exit codes of a run stopped by a signal, as a shell reports them (128 + the signal's number). */
const SIGNAL_EXIT: Record<string, number> = { SIGINT: 130, SIGTERM: 143 };

/**
 * A run stopped by SIGINT/SIGTERM (an aborted `RunOptions.signal`) at an epoch boundary: `checkpoint`
 * is where it saved (undefined without `--out`), `exitCode` 130 for SIGINT, 143 for SIGTERM.
 */
export class RunInterrupted extends ZooError {
  readonly exitCode: number;

  constructor(
    readonly signal: string,
    readonly epoch: number,
    readonly checkpoint: string | undefined,
    resumeHint: string | undefined,
  ) {
    super(
      checkpoint
        ? `interrupted by ${signal} after epoch ${epoch}: checkpoint saved in ${checkpoint}${resumeHint ? `; continue with \`${resumeHint}\`` : ''}`
        : `interrupted by ${signal} after epoch ${epoch}: nothing saved (no --out)`,
    );
    this.exitCode = SIGNAL_EXIT[signal] ?? 130;
  }
}

/**
 * Stops a fit at the next epoch boundary once `signal` is aborted (its `reason`: the signal's name):
 * writes the resumable checkpoint there (unless the checkpointer just did) and ends the fit through
 * `state.stop`, so every trainer's own clean-up runs; the runner then throws `RunInterrupted`. Before
 * each check it lets the event loop turn, so a signal that arrived during a synchronous epoch is seen.
 * When the fit stops on its own at that epoch (early stopping) it is left to finish.
 */
export class Interrupt implements Callback {
  readonly priority = 95;
  /** Set when it stopped the fit: the signal and the epoch count saved. */
  fired?: { signal: string; epoch: number };

  constructor(
    private readonly signal: AbortSignal,
    private readonly checkpointer?: Checkpointer,
  ) {}

  async onEpochEnd(state: FitState, logs: EpochLogs): Promise<void> {
    await new Promise<void>((resolve) => setImmediate(resolve));
    if (!this.signal.aborted || state.stop || this.fired) return;
    const epoch = logs.epoch + 1;
    if (this.checkpointer && this.checkpointer.savedEpoch !== epoch) await this.checkpointer.save(state, epoch);
    this.fired = { signal: typeof this.signal.reason === 'string' ? this.signal.reason : 'SIGINT', epoch };
    state.stop = true;
  }
}
