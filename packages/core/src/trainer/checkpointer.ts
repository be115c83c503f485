import * as path from 'node:path';
import type { Callback, EpochLogs, FitState } from '../contracts/trainer';
import { saveCheckpoint } from '../checkpoint';
import { CheckpointError, describeSpec } from '../checkpoint-format';
import type { RngStates, RngStreams } from '../rng-streams';
import { tf } from '../tf';
import type { Logger } from '../tokens';

/** Saved stream states to put back when a resumed fit starts, and the checkpoint they came from. */
export interface RngRestore {
  states: RngStates;
  file: string;
  /** `--force` (a changed config may fork other streams): a stream without a saved state starts fresh, with a warning. */
  force?: boolean;
  log?: Logger;
}
import { type CheckpointSource, nonFiniteWeights } from './divergence';
import { DivergedError } from '../errors';

/**
 * Writes `<outDir>/last` every `every` epochs: model weights, optimizer slots, callback state
 * (early stopping's best weights and counters), the state of every random stream of the run
 * (`RngStreams`: data order, dropout, sampling) and the resolved config, so `--resume` continues
 * exactly. Runs after early stopping so the state it saves is current. (`RngRestorer` puts the saved
 * stream states back on a resumed fit.) It never writes a model with a non-finite weight (the fit
 * loop's guard fails such a fit first; `save` refuses too), so `last/` stays the last good state.
 */
export class Checkpointer implements Callback, CheckpointSource {
  readonly priority = 90;

  constructor(
    private readonly outDir: string,
    private readonly every: number,
    private readonly meta: Record<string, unknown>,
    private readonly streams?: RngStreams,
  ) {}

  get lastDir(): string {
    return path.join(this.outDir, 'last');
  }

  /** The last epoch `save` wrote (a callback after this one need not save the same epoch again). */
  savedEpoch = -1;

  /** The epoch of the checkpoint a resumed fit started from (still in `last/` until the next save). */
  private resumedAt = -1;

  onFitStart(state: FitState): void {
    if (state.epoch > 0) this.resumedAt = state.epoch;
  }

  lastGoodCheckpoint(): string {
    const epoch = this.savedEpoch >= 0 ? this.savedEpoch : this.resumedAt;
    return epoch >= 0 ? `last good checkpoint: ${this.lastDir} (epoch ${epoch})` : `no checkpoint yet (${this.lastDir} is written every ${this.every === 1 ? 'epoch' : `${this.every} epochs`})`;
  }

  async onEpochEnd(state: FitState, logs: EpochLogs): Promise<void> {
    if ((logs.epoch + 1) % this.every === 0 && !state.stop) await this.save(state, logs.epoch + 1);
  }

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
 * Puts a resumed run's saved stream states back when the fit starts (see `RngStreams` for why then),
 * first of all callbacks, so a refusal comes before any callback has set anything up. Every stream
 * that exists then must have a saved state (the run that saved had it too), else the checkpoint is
 * refused; a saved stream that does not exist yet is one forked later (per epoch), which starts fresh
 * as in a straight run.
 */
export class RngRestorer implements Callback {
  readonly priority = 0;

  constructor(
    private readonly streams: RngStreams,
    private restore?: RngRestore,
  ) {}

  onFitStart(): void {
    const r = this.restore;
    this.restore = undefined;
    if (!r) return;
    const unsaved = this.streams.keys().filter((k) => !(k in r.states));
    if (unsaved.length && !r.force) {
      throw new CheckpointError(r.file, 'zoo.rng', `no saved state for the run's stream(s) ${unsaved.join(', ')} (saved: ${Object.keys(r.states).join(', ') || 'none'}; --force resumes with fresh streams)`);
    }
    if (unsaved.length) r.log?.warn(`resuming (--force) with fresh random stream(s) ${unsaved.join(', ')}: ${r.file} saved none`);
    this.streams.restore(r.states);
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

/**
 * Refuses an optimizer group that a fresh optimizer could not take: slot names as `optimizerSlots`
 * writes them, the iteration count an int32 scalar, the exact slots float32 scalars and, given the
 * variables it trains, each moment a float32 of one of their shapes, at most three per variable (Adam 2, centred RMSProp 3).
 */
export function checkOptimizerGroup(group: tf.NamedTensorMap, file = 'optimizer state', vars?: tf.Variable[]): void {
  const bad = (name: string, detail: string) => new CheckpointError(file, `optimizer/${name}`, detail);
  const shapes = new Set(vars?.map((v) => JSON.stringify(v.shape)));
  let moments = 0;
  for (const [name, t] of Object.entries(group)) {
    const got = describeSpec(t.shape, t.dtype);
    if (name.startsWith('exact__')) {
      if (!EXACT_SLOTS.includes(name.slice(7))) throw bad(name, `not a slot the zoo saves (${EXACT_SLOTS.map((k) => `exact__${k}`).join(', ')})`);
      if (t.rank !== 0 || t.dtype !== 'float32') throw bad(name, `saved ${got}, expected a float32 scalar`);
    } else if (!/^\d{4}__./.test(name)) {
      throw bad(name, 'not an optimizer slot name (<4-digit index>__<name>)');
    } else if (name.endsWith('__iter')) {
      if (t.rank !== 0 || t.dtype !== 'int32') throw bad(name, `saved ${got}, expected an int32 scalar (the step count)`);
    } else {
      moments++;
      if (t.dtype !== 'float32') throw bad(name, `saved ${got}, expected float32`);
      if (vars && !shapes.has(JSON.stringify(t.shape))) throw bad(name, `saved ${got}, no trained variable has shape [${t.shape.join(',')}]`);
    }
  }
  if (vars && moments > 3 * vars.length) throw new CheckpointError(file, 'optimizer', `${moments} moment slots for ${vars.length} trained variables (at most 3 each)`);
}

/** Puts a saved `optimizerSlots` group back into a fresh optimizer of the same kind (checked first: `checkOptimizerGroup`). */
export async function restoreOptimizer(opt: tf.Optimizer, group: tf.NamedTensorMap, check: { file?: string; vars?: tf.Variable[] } = {}): Promise<void> {
  checkOptimizerGroup(group, check.file, check.vars);
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
