import type { Callback, EpochLogs } from '../contracts/trainer';
import type { Model } from '../contracts/model';
import { DivergedError } from '../errors';
import { tf } from '../tf';

/**
 * The one divergence guard every trainer goes through (via `FitLoop`, or these functions directly):
 * a non-finite training loss (per step where the trainer reports it, and per epoch), a non-finite
 * validation loss or metric where there is one, or a weight that became non-finite fails the run with
 * a `DivergedError` naming where, what and the last good checkpoint. It runs before the epoch's
 * callbacks, so a checkpointer never saves a diverged state.
 */

/** What a checkpointing callback says of its last save (`Checkpointer` implements it). */
export interface CheckpointSource {
  /** `last good checkpoint: <dir> (epoch k)`, or why there is none. */
  lastGoodCheckpoint(): string;
}

export const NO_CHECKPOINT = 'no checkpoint (run without --out)';

/** The last good checkpoint as the first `CheckpointSource` among `callbacks` tells it, or `NO_CHECKPOINT`. */
export function lastGoodCheckpoint(callbacks: readonly Callback[]): string {
  const source = callbacks.find((c): c is Callback & CheckpointSource => typeof (c as Partial<CheckpointSource>).lastGoodCheckpoint === 'function');
  return source ? source.lastGoodCheckpoint() : NO_CHECKPOINT;
}

/** `NaN`, `Infinity`, `-Infinity`, or the value when it is not a number at all. */
function describe(v: unknown): string {
  return typeof v === 'number' ? String(v) : `${typeof v} ${String(v)}`;
}

function finite(v: unknown): boolean {
  return typeof v === 'number' && Number.isFinite(v);
}

/**
 * Names of the float tensors of `weights` that hold a NaN or ±Inf. One fused reduction over all of
 * them (Σ x·0 is NaN exactly when some x is not finite, and never overflows as Σ x could), one read;
 * the per-tensor pass that names them runs only when that sum is not finite.
 */
export function nonFiniteWeights(weights: tf.NamedTensorMap): string[] {
  const entries = Object.entries(weights).filter(([, t]) => t.dtype === 'float32' && t.size > 0);
  if (entries.length === 0) return [];
  const total = tf.tidy(() => tf.addN(entries.map(([, t]) => tf.sum(tf.mul(t, 0)))));
  const ok = Number.isFinite(total.dataSync()[0]);
  total.dispose();
  if (ok) return [];
  return entries
    .filter(([, t]) => {
      const s = tf.tidy(() => tf.sum(tf.mul(t, 0)));
      const bad = !Number.isFinite(s.dataSync()[0]);
      s.dispose();
      return bad;
    })
    .map(([name]) => name);
}

/** Throws a `DivergedError` when one of the model's weights is not finite. */
export function assertFiniteWeights(model: Model, at: string, checkpoint: string): void {
  const bad = nonFiniteWeights(model.getWeights());
  if (bad.length === 0) return;
  const names = bad.slice(0, 3).map((n) => `'${n}'`).join(', ') + (bad.length > 3 ? ` and ${bad.length - 3} more` : '');
  throw new DivergedError(at, `parameter${bad.length > 1 ? 's' : ''} ${names} hold${bad.length > 1 ? '' : 's'} NaN or ±Inf`, checkpoint);
}

/** Throws a `DivergedError` when a step's training loss is not finite. */
export function assertFiniteLoss(loss: number, at: string, checkpoint: string): void {
  if (!finite(loss)) throw new DivergedError(at, `training loss is ${describe(loss)}`, checkpoint);
}

/** Throws a `DivergedError` when one of `metrics` (a split's values, `val`/`test`) is not finite. */
export function assertFiniteMetrics(metrics: Record<string, unknown>, split: string, at: string, checkpoint: string): void {
  for (const [name, v] of Object.entries(metrics)) if (!finite(v)) throw new DivergedError(at, `${split} ${name} is ${describe(v)}`, checkpoint);
}

/**
 * An epoch's checks: the training loss, the model's weights, the validation loss when there is one
 * (`valLoss` undefined means none) and each validation metric.
 */
export function assertFiniteEpoch(logs: EpochLogs, model: Model, at: string, checkpoint: string): void {
  assertFiniteLoss(logs.trainLoss, at, checkpoint);
  // weights before the validation numbers computed from them: name the cause, not its symptom
  assertFiniteWeights(model, at, checkpoint);
  if (logs.valLoss !== undefined && !finite(logs.valLoss)) throw new DivergedError(at, `validation loss is ${describe(logs.valLoss)}`, checkpoint);
  assertFiniteMetrics(logs.val, 'validation', at, checkpoint);
}

/** `epoch 3 of 20` (1-based), with `, step 2 of 5` and ` (label)` when given. */
export function divergenceSite(epoch: number, maxEpochs: number, step?: { batch: number; batches: number }, label?: string): string {
  return `epoch ${epoch + 1} of ${maxEpochs}${step ? `, step ${step.batch} of ${step.batches}` : ''}${label ? ` (${label})` : ''}`;
}
