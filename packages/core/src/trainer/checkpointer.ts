import * as path from 'node:path';
import type { Callback, EpochLogs, FitState } from '../contracts/trainer';
import { saveCheckpoint } from '../checkpoint';
import type { RngStates, RngStreams } from '../rng-streams';
import { tf } from '../tf';

/**
 * Writes `<outDir>/last` every `every` epochs: model weights, optimizer slots, callback state
 * (early stopping's best weights and counters), the state of every random stream of the run
 * (`RngStreams`: data order, dropout, sampling) and the resolved config, so `--resume` continues
 * exactly. Runs after early stopping so the state it saves is current. On a resumed fit it puts the
 * saved stream states back when the fit starts (see `RngStreams` for why then).
 */
export class Checkpointer implements Callback {
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

  onFitStart(): void {
    if (this.restoreStates && this.streams) this.streams.restore(this.restoreStates);
    this.restoreStates = undefined;
  }

  async onEpochEnd(state: FitState, logs: EpochLogs): Promise<void> {
    if ((logs.epoch + 1) % this.every === 0 && !state.stop) await this.save(state, logs.epoch + 1);
  }

  /** The last epoch `save` wrote (a callback after this one need not save the same epoch again). */
  savedEpoch = -1;

  async save(state: FitState, nextEpoch: number): Promise<void> {
    const groups: Record<string, tf.NamedTensorMap> = { model: state.model.getWeights() };
    for (const [k, v] of Object.entries(state.extraWeights)) groups[k] = v;
    let optimizerTensors: tf.Tensor[] = [];
    if (state.optimizer) {
      const ws = await state.optimizer.getWeights();
      groups.optimizer = {};
      ws.forEach((w, i) => (groups.optimizer[`${String(i).padStart(4, '0')}__${w.name}`] = w.tensor));
      optimizerTensors = ws.map((w) => w.tensor);
    }
    await saveCheckpoint(this.lastDir, {
      groups,
      meta: { ...this.meta, epoch: nextEpoch, extra: state.extra, ...(this.streams ? { rng: this.streams.snapshot() } : {}) },
    });
    tf.dispose(optimizerTensors.filter((t) => !(t instanceof tf.Variable)));
    this.savedEpoch = nextEpoch;
  }
}

/** Optimizer weights from a checkpoint group, in their saved order. */
export function optimizerWeightsFromGroup(group: tf.NamedTensorMap): { name: string; tensor: tf.Tensor }[] {
  return Object.keys(group)
    .sort()
    .map((k) => ({ name: k.slice(k.indexOf('__') + 2), tensor: group[k] }));
}
