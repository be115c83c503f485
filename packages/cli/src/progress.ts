import type { SingleBar } from 'cli-progress';
import type { BatchProgress, Callback, EpochLogs, FitState } from '@zoo/core';

function fmt(logs: EpochLogs, metric: string): string {
  metric ||= Object.keys(logs.val)[0] ?? '';
  const m = logs.val[metric];
  const parts = [`loss ${logs.trainLoss.toFixed(4)}`];
  // trainers without a validation split (e.g. entity alignment) report neither
  if (logs.valLoss !== undefined && Number.isFinite(logs.valLoss)) parts.push(`val_loss ${logs.valLoss.toFixed(4)}`);
  if (metric && Object.keys(logs.val).length > 0) parts.push(`val_${metric} ${m === undefined ? '-' : m.toFixed(4)}`);
  return parts.join(' ');
}

/** Text after a progress line or bar (`zoo eval`: ` ETA 1m20s` over the whole plan); empty for none. */
export type Suffix = () => string;

const none: Suffix = () => '';

/** A progress bar over epochs on a TTY (stderr). */
export class ProgressBarCallback implements Callback {
  readonly priority = 100;
  private bar?: SingleBar;

  constructor(
    private readonly label: string,
    private readonly metric: string,
    private readonly suffix: Suffix = none,
  ) {}

  onFitStart(state: FitState): void {
    // loaded here, not at the top: `zoo --help` loads none of the commands' machinery
    const { SingleBar, Presets } = require('cli-progress') as typeof import('cli-progress');
    this.bar = new SingleBar(
      { format: `${this.label} [{bar}] {value}/{total} epochs{step}{planEta} | {info}`, stream: process.stderr, hideCursor: true, clearOnComplete: false },
      Presets.shades_classic,
    );
    this.bar.start(state.maxEpochs, state.epoch, { info: '', step: '', planEta: this.suffix() });
  }

  onBatchEnd(state: FitState, p: BatchProgress): void {
    if (p.batches > 1) this.bar?.update(state.epoch, { step: p.batch < p.batches ? ` (batch ${p.batch}/${p.batches})` : '', planEta: this.suffix() });
  }

  onEpochEnd(state: FitState, logs: EpochLogs): void {
    this.bar?.update(state.epoch + 1, { info: fmt(logs, this.metric), step: '', planEta: this.suffix() });
  }

  /** A failed (diverged) fit: the bar stops where it is, so the error prints on its own line. */
  onFitAbort(): void {
    this.bar?.stop();
    this.bar = undefined;
  }

  onFitEnd(state: FitState): void {
    if (this.bar) {
      this.bar.setTotal(state.epoch);
      this.bar.stop();
    }
  }
}

export interface EpochLineOptions {
  /** Where lines go (default: stderr). */
  write?: (line: string) => void;
  /** Within an epoch, a batch line at most every `everyMs` (default 30 s). */
  everyMs?: number;
  /** An epoch line at most every `epochEveryMs` (default 0: every epoch). */
  epochEveryMs?: number;
  /** Ends each line (`zoo eval`'s ETA). */
  suffix?: Suffix;
  /** Milliseconds clock (tests pass a fake one). */
  now?: () => number;
}

/**
 * One line per epoch, for logs and pipes (at most one per `epochEveryMs`: `zoo eval` passes 10 s so only
 * slow runs report); within long epochs a progress line every `everyMs`. `suffix` ends each line.
 */
export class EpochLineCallback implements Callback {
  readonly priority = 100;
  private readonly write: (line: string) => void;
  private readonly everyMs: number;
  private readonly epochEveryMs: number;
  private readonly suffix: Suffix;
  private readonly now: () => number;
  private last: number;
  private lastEpoch: number;

  constructor(
    private readonly label: string,
    private readonly metric: string,
    o: EpochLineOptions = {},
  ) {
    this.write = o.write ?? ((l) => process.stderr.write(`${l}\n`));
    this.everyMs = o.everyMs ?? 30_000;
    this.epochEveryMs = o.epochEveryMs ?? 0;
    this.suffix = o.suffix ?? none;
    this.now = o.now ?? Date.now;
    this.last = this.lastEpoch = this.now();
  }

  onBatchEnd(state: FitState, p: BatchProgress): void {
    if (p.batch >= p.batches || this.now() - this.last < this.everyMs) return;
    this.last = this.now();
    this.write(`${this.label} epoch ${state.epoch + 1}/${state.maxEpochs} batch ${p.batch}/${p.batches}${this.suffix()}`);
  }

  onEpochEnd(state: FitState, logs: EpochLogs): void {
    if (this.epochEveryMs > 0 && this.now() - this.lastEpoch < this.epochEveryMs) return;
    this.last = this.lastEpoch = this.now();
    this.write(`${this.label} epoch ${logs.epoch + 1}/${state.maxEpochs} ${fmt(logs, this.metric)} (${(logs.seconds * 1000).toFixed(0)} ms)${this.suffix()}`);
  }
}

/**
 * Reports how far one run is (0..1: epochs done, batches of the current epoch) to `report`; runs before
 * the progress display (priority 95), so an ETA printed with an epoch's line counts that epoch.
 */
export class RunFractionCallback implements Callback {
  readonly priority = 95;

  constructor(private readonly report: (fraction: number) => void) {}

  onBatchEnd(state: FitState, p: BatchProgress): void {
    if (state.maxEpochs > 0 && p.batches > 0) this.report(Math.min(1, (state.epoch + p.batch / p.batches) / state.maxEpochs));
  }

  onEpochEnd(state: FitState): void {
    if (state.maxEpochs > 0) this.report(Math.min(1, (state.epoch + 1) / state.maxEpochs));
  }
}

export function progressCallbacks(label: string, metric: string, tty = Boolean(process.stderr.isTTY), suffix: Suffix = none): Callback[] {
  return [tty ? new ProgressBarCallback(label, metric, suffix) : new EpochLineCallback(label, metric, { suffix })];
}
