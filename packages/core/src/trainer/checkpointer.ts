import * as path from 'node:path';
import type { Callback, EpochLogs, FitState } from '../contracts/trainer';
import { saveCheckpoint } from '../checkpoint';
import { tf } from '../tf';

/**
 * Writes `<outDir>/last` every `every` epochs: model weights, optimizer slots, callback state
 * (early stopping's best weights and counters) and the resolved config, so `--resume` continues
 * exactly. Runs after early stopping so the state it saves is current.
 */
export class Checkpointer implements Callback {
  readonly priority = 90;

  constructor(
    private readonly outDir: string,
    private readonly every: number,
    private readonly meta: Record<string, unknown>,
  ) {}

  async onEpochEnd(state: FitState, logs: EpochLogs): Promise<void> {
    if ((logs.epoch + 1) % this.every === 0 && !state.stop) await this.save(state, logs.epoch + 1);
  }

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
    await saveCheckpoint(path.join(this.outDir, 'last'), {
      groups,
      meta: { ...this.meta, epoch: nextEpoch, extra: state.extra },
    });
    tf.dispose(optimizerTensors.filter((t) => !(t instanceof tf.Variable)));
  }
}

/** Optimizer weights from a checkpoint group, in their saved order. */
export function optimizerWeightsFromGroup(group: tf.NamedTensorMap): { name: string; tensor: tf.Tensor }[] {
  return Object.keys(group)
    .sort()
    .map((k) => ({ name: k.slice(k.indexOf('__') + 2), tensor: group[k] }));
}
