import * as path from 'node:path';
import type { Callback, EpochLogs, FitState } from '../contracts/trainer';
import { saveCheckpoint } from '../checkpoint';
import type { RngStates, RngStreams } from '../rng-streams';
import { tf } from '../tf';
import { type CheckpointSource, nonFiniteWeights } from './divergence';
import { DivergedError } from '../errors';

/**
 * Writes `<outDir>/last` every `every` epochs: model weights, optimizer slots, callback state
 * (early stopping's best weights and counters), the state of every random stream of the run
 * (`RngStreams`: data order, dropout, sampling) and the resolved config, so `--resume` continues
 * exactly. Runs after early stopping so the state it saves is current. On a resumed fit it puts the
 * saved stream states back when the fit starts (see `RngStreams` for why then). It never writes a
 * model with a non-finite weight (the fit loop's guard fails such a fit first; `save` refuses too), so
 * `last/` stays the last good state.
 */
export class Checkpointer implements Callback, CheckpointSource {
  readonly priority = 90;

  constructor(
    private readonly outDir: string,
    private readonly every: number,
    private readonly meta: Record<string, unknown>,
    private readonly streams?: RngStreams,
    /** Saved stream states to restore at fit start (a resumed run). */
    private restoreStates?: RngStates,
  ) {}

  get lastDir(): string {
    return path.join(this.outDir, 'last');
  }

  /** The epoch of the checkpoint a resumed fit started from (still in `last/` until the next save). */
  private resumedAt = -1;

  onFitStart(state: FitState): void {
    if (this.restoreStates && this.streams) this.streams.restore(this.restoreStates);
    this.restoreStates = undefined;
    if (state.epoch > 0) this.resumedAt = state.epoch;
  }

  lastGoodCheckpoint(): string {
    const epoch = this.savedEpoch >= 0 ? this.savedEpoch : this.resumedAt;
    return epoch >= 0 ? `last good checkpoint: ${this.lastDir} (epoch ${epoch})` : `no checkpoint yet (${this.lastDir} is written every ${this.every === 1 ? 'epoch' : `${this.every} epochs`})`;
  }

  async onEpochEnd(state: FitState, logs: EpochLogs): Promise<void> {
    if ((logs.epoch + 1) % this.every === 0 && !state.stop) await this.save(state, logs.epoch + 1);
  }

  /** The last epoch `save` wrote (a callback after this one need not save the same epoch again). */
  savedEpoch = -1;

  async save(state: FitState, nextEpoch: number): Promise<void> {
    const groups: Record<string, tf.NamedTensorMap> = { model: state.model.getWeights() };
    const bad = nonFiniteWeights(groups.model);
    if (bad.length > 0) throw new DivergedError(`epoch ${nextEpoch}`, `parameter '${bad[0]}' holds NaN or ±Inf, not saved`, this.lastGoodCheckpoint());
    for (const [k, v] of Object.entries(state.extraWeights)) groups[k] = v;
    let optimizerTensors: tf.Tensor[] = [];
    if (state.optimizer) {
      const slots = await optimizerSlots(state.optimizer);
      groups.optimizer = slots.tensors;
      optimizerTensors = slots.fresh;
    }
    await saveCheckpoint(this.lastDir, {
      groups,
      meta: { ...this.meta, epoch: nextEpoch, extra: state.extra, ...(this.streams ? { rng: this.streams.snapshot() } : {}) },
    });
    tf.dispose(optimizerTensors);
    this.savedEpoch = nextEpoch;
  }
}

/**
 * Slots tfjs's `getWeights`/`setWeights` do not carry exactly: Adam's β₁ᵗ and β₂ᵗ, which training
 * updates by repeated multiplication and `setWeights` recomputes as a power (a different rounding:
 * the resumed run drifted in the 9th digit). Saved and put back as they are.
 */
const EXACT_SLOTS = ['accBeta1', 'accBeta2'];

/** An optimizer's state as a checkpoint group (`0000__<name>` in order, `exact__accBeta1`, ...); `fresh`: the tensors to free after saving. */
export async function optimizerSlots(opt: tf.Optimizer): Promise<{ tensors: tf.NamedTensorMap; fresh: tf.Tensor[] }> {
  const ws = await opt.getWeights();
  const tensors: tf.NamedTensorMap = {};
  ws.forEach((w, i) => (tensors[`${String(i).padStart(4, '0')}__${w.name}`] = w.tensor));
  const own = opt as unknown as Record<string, unknown>;
  for (const k of EXACT_SLOTS) if (own[k] instanceof tf.Variable) tensors[`exact__${k}`] = own[k] as tf.Variable;
  return { tensors, fresh: ws.map((w) => w.tensor).filter((t) => !(t instanceof tf.Variable)) };
}

/** Puts a saved `optimizerSlots` group back into a fresh optimizer of the same kind. */
export async function restoreOptimizer(opt: tf.Optimizer, group: tf.NamedTensorMap): Promise<void> {
  await opt.setWeights(optimizerWeightsFromGroup(group));
  const own = opt as unknown as Record<string, unknown>;
  for (const k of EXACT_SLOTS) {
    const saved = group[`exact__${k}`];
    if (saved && own[k] instanceof tf.Variable) (own[k] as tf.Variable).assign(saved);
  }
}

/** Optimizer weights from a checkpoint group, in their saved order (without the `exact__` slots). */
export function optimizerWeightsFromGroup(group: tf.NamedTensorMap): { name: string; tensor: tf.Tensor }[] {
  return Object.keys(group)
    .filter((k) => !k.startsWith('exact__'))
    .sort()
    .map((k) => ({ name: k.slice(k.indexOf('__') + 2), tensor: group[k] }));
}
