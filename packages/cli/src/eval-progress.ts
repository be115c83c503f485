import type { Callback, EvalRow, RunResult } from '@zoo/core';
import { statusWord, type ColorStream } from './color';
import { EpochLineCallback, progressCallbacks, RunFractionCallback } from './progress';

/** `45s`, `1m20s`, `2h05m`: a duration in seconds, rounded, for an ETA. */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  const m = Math.round(s / 60);
  return `${Math.floor(m / 60)}h${String(m % 60).padStart(2, '0')}m`;
}

/** The part of a planned run progress needs (a `PlannedRun` of core's `Plan`). */
export interface ProgressRun {
  recipe: { id: string };
  seed: number;
}

export interface EvalProgressOptions {
  /** Milliseconds clock (default Date.now; tests pass a fake one). */
  clock?: () => number;
  /** Where the status words go, for colour (default stderr). */
  stream?: ColorStream;
  /** Where the progress lines of in-process runs go (default stderr). */
  write?: (line: string) => void;
}

/**
 * Where `zoo eval` is in its plan: "k of n" for each (recipe, seed) run and an ETA for the whole plan.
 * A run is one unit of work; a run in progress counts the part of its epochs done (in-process runs report
 * it through `RunFractionCallback`; `--jobs` workers only when they finish). The ETA is the elapsed time
 * per unit done times the units left: `elapsed × (n − done) / done`, none before any work is done.
 * A recipe that is skipped or fails stops its remaining seeds (the runner's rule), so they count as done.
 */
export class EvalProgress {
  private readonly index = new Map<string, number>();
  private readonly runsOf = new Map<string, number[]>();
  private readonly partial = new Map<number, number>();
  private readonly finished = new Set<number>();
  private readonly t0: number;
  /** How many runs the plan has. */
  readonly total: number;

  private readonly clock: () => number;
  private readonly stream: ColorStream;
  private readonly write?: (line: string) => void;

  constructor(runs: readonly ProgressRun[], o: EvalProgressOptions = {}) {
    this.clock = o.clock ?? Date.now;
    this.stream = o.stream ?? process.stderr;
    this.write = o.write;
    runs.forEach((r, i) => {
      this.index.set(key(r.recipe.id, r.seed), i + 1);
      this.runsOf.set(r.recipe.id, [...(this.runsOf.get(r.recipe.id) ?? []), i + 1]);
    });
    this.total = runs.length;
    this.t0 = this.clock();
  }

  /** 1-based position of a run in the plan (0 when it is not in the plan). */
  position(recipeId: string, seed: number): number {
    return this.index.get(key(recipeId, seed)) ?? 0;
  }

  /** `[3/20] gnn/gcn@cora seed 0`. */
  label(recipeId: string, seed: number): string {
    return `[${this.position(recipeId, seed)}/${this.total}] ${recipeId} seed ${seed}`;
  }

  /** Run `recipeId`@`seed` is `fraction` (0..1) done. */
  advance(recipeId: string, seed: number, fraction: number): void {
    const k = this.position(recipeId, seed);
    if (k && !this.finished.has(k)) this.partial.set(k, Math.max(0, Math.min(1, fraction)));
  }

  /** Units of work done: finished runs plus the done part of runs in progress. */
  get done(): number {
    let w = this.finished.size;
    for (const f of this.partial.values()) w += f;
    return w;
  }

  /** Seconds left for the whole plan, or undefined before any work is done. */
  etaSeconds(): number | undefined {
    const done = this.done;
    if (done <= 0) return undefined;
    const elapsed = (this.clock() - this.t0) / 1000;
    return (elapsed * (this.total - done)) / done;
  }

  /** ` ETA 1m20s`; empty before any work is done and once every run is done. */
  eta(): string {
    const s = this.etaSeconds();
    return s === undefined || this.finished.size >= this.total ? '' : ` ETA ${formatDuration(s)}`;
  }

  private finish(k: number): void {
    if (!k) return;
    this.partial.delete(k);
    this.finished.add(k);
  }

  /** The callbacks of one in-process run: its fraction, then a bar (TTY) or a line for slow runs. */
  callbacks(recipeId: string, seed: number, metric: string, tty: boolean): Callback[] {
    const label = this.label(recipeId, seed);
    const display = tty
      ? progressCallbacks(label, metric, true, () => this.eta())
      : [new EpochLineCallback(label, metric, { write: this.write, everyMs: 30_000, epochEveryMs: 10_000, suffix: () => this.eta(), now: this.clock })];
    return [new RunFractionCallback((f) => this.advance(recipeId, seed, f)), ...display];
  }

  /** A run finished: marks it done; returns its line `[k/n] id seed s: metrics (epochs, seconds) ETA ...`. */
  runDone(result: RunResult, seed: number): string {
    this.finish(this.position(result.recipe, seed));
    const m = Object.entries(result.metrics).map(([k, v]) => `${k} ${v.toFixed(4)}`).join(', ');
    return `${this.label(result.recipe, seed)}: ${m} (${result.epochs} epochs, ${result.seconds.toFixed(1)} s)${this.eta()}`;
  }

  /**
   * A recipe's runs are over: its runs not run (after a skipped or failed seed) count as done. Returns
   * `id: skipped: reason` (the status word coloured) when it did not end ok, else undefined.
   */
  recipeDone(rows: readonly EvalRow[]): string | undefined {
    const first = rows[0];
    if (!first) return undefined;
    for (const k of this.runsOf.get(first.recipe) ?? []) this.finish(k);
    return first.status === 'ok' ? undefined : `${first.recipe}: ${statusWord(first.status, this.stream)}: ${first.reason}${this.eta()}`;
  }

  /** A progress line from a `--jobs` worker (`<id> seed <s> ...`), with the run's `[k/n]` and the ETA. */
  workerLine(line: string): string {
    const m = /^(\S+) seed (\d+)\b/.exec(line);
    const k = m ? this.position(m[1], Number(m[2])) : 0;
    return `${k ? `[${k}/${this.total}] ` : ''}${line}${this.eta()}`;
  }
}

function key(id: string, seed: number): string {
  return `${id}\u0000${seed}`;
}
