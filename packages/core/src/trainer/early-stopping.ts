import { z } from 'zod';
import type { Callback, EpochLogs, FitState } from '../contracts/trainer';
import { tf } from '../tf';

export interface EarlyStoppingOptions {
  /** Epochs without improvement of the metric or the loss before stopping. */
  patience: number;
  /** Validation metric to rank on (the recipe's headline). */
  metric: string;
  higherIsBetter: boolean;
  /** Put the best weights back at the end (default true). */
  restoreBest?: boolean;
}

/**
 * Early stopping's state as a checkpoint holds it (`zoo.extra.earlyStopping`). JSON writes NaN and
 * Infinity as null: a null best is the start value (no epoch improved it yet), put back as such.
 */
export const earlyStoppingStateSchema = z.strictObject({
  bestMetric: z.number().nullable(),
  bestLoss: z.number().nullable(),
  rankMetric: z.number().nullable(),
  rankLoss: z.number().nullable(),
  wait: z.number().int().nonnegative(),
  bestEpoch: z.number().int().min(-1),
});

interface Saved {
  bestMetric: number;
  bestLoss: number;
  rankMetric: number;
  rankLoss: number;
  wait: number;
  bestEpoch: number;
}

const START: Saved = { bestMetric: NaN, bestLoss: Infinity, rankMetric: NaN, rankLoss: Infinity, wait: 0, bestEpoch: -1 };

/** A saved state (checked by `earlyStoppingStateSchema` when the checkpoint was loaded), nulls as their start values. */
function fromSaved(saved: Record<string, unknown>): Saved {
  const out = { ...START };
  for (const k of Object.keys(START) as (keyof Saved)[]) if (typeof saved[k] === 'number') out[k] = saved[k] as number;
  return out;
}

/**
 * Early stopping as in APPNP's code, which GNN-LF/HF reuse: training stops when neither the
 * validation metric nor the validation loss has improved for `patience` epochs; the weights kept
 * are the "ranked" best (highest metric, ties broken by lower loss) and are restored at the end.
 */
export class EarlyStopping implements Callback {
  readonly priority = 10;
  private s: Saved = { ...START };
  private best: tf.NamedTensorMap | null = null;

  constructor(private readonly opts: EarlyStoppingOptions) {}

  get bestEpoch(): number {
    return this.s.bestEpoch;
  }

  onFitStart(state: FitState): void {
    const saved = state.extra.earlyStopping as Record<string, unknown> | undefined;
    if (saved) this.s = fromSaved(saved);
    const w = state.extraWeights.best;
    if (w) this.best = cloneMap(w);
  }

  onEpochEnd(state: FitState, logs: EpochLogs): void {
    const m = logs.val[this.opts.metric];
    const l = logs.valLoss ?? Number.NaN;
    const better = (a: number, b: number) => Number.isNaN(b) || (this.opts.higherIsBetter ? a > b : a < b);
    const metricImproved = better(m, this.s.bestMetric);
    const lossImproved = l < this.s.bestLoss;
    if (metricImproved) this.s.bestMetric = m;
    if (lossImproved) this.s.bestLoss = l;
    this.s.wait = metricImproved || lossImproved ? 0 : this.s.wait + 1;
    if (better(m, this.s.rankMetric) || (m === this.s.rankMetric && l < this.s.rankLoss)) {
      this.s.rankMetric = m;
      this.s.rankLoss = l;
      this.s.bestEpoch = logs.epoch;
      disposeMap(this.best);
      this.best = cloneMap(state.model.getWeights());
    }
    if (this.s.wait >= this.opts.patience) state.stop = true;
    state.extra.earlyStopping = { ...this.s };
    if (this.best) state.extraWeights.best = this.best;
  }

  /** A failed fit: the best weights are freed, not restored. */
  onFitAbort(state: FitState): void {
    disposeMap(this.best);
    this.best = null;
    delete state.extraWeights.best;
  }

  onFitEnd(state: FitState): void {
    if (this.best && this.opts.restoreBest !== false) state.model.setWeights(this.best);
    disposeMap(this.best);
    this.best = null;
    delete state.extraWeights.best;
    state.extra.bestEpoch = this.s.bestEpoch;
  }
}

function cloneMap(m: tf.NamedTensorMap): tf.NamedTensorMap {
  const out: tf.NamedTensorMap = {};
  for (const [k, t] of Object.entries(m)) out[k] = tf.keep(t.clone());
  return out;
}

function disposeMap(m: tf.NamedTensorMap | null): void {
  if (m) for (const t of Object.values(m)) t.dispose();
}
