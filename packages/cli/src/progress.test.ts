import type { FitState } from '@zoo/core';
import { EpochLineCallback } from './progress';

describe('EpochLineCallback', () => {
  it('writes a line per epoch and, within long epochs, progress lines at most every everyMs (never for the last batch)', () => {
    const lines: string[] = [];
    const state = { epoch: 1, maxEpochs: 5 } as FitState;
    const cb = new EpochLineCallback('r', 'accuracy', (l) => lines.push(l), 0);
    cb.onBatchEnd(state, { batch: 3, batches: 10 });
    cb.onBatchEnd(state, { batch: 10, batches: 10 });
    cb.onEpochEnd(state, { epoch: 1, trainLoss: 0.5, valLoss: 0.25, val: { accuracy: 0.75 }, seconds: 2 });
    expect(lines).toEqual(['r epoch 2/5 batch 3/10', 'r epoch 2/5 loss 0.5000 val_loss 0.2500 val_accuracy 0.7500 (2000 ms)']);
    const quiet: string[] = [];
    const slow = new EpochLineCallback('r', 'accuracy', (l) => quiet.push(l), 60_000);
    slow.onBatchEnd(state, { batch: 3, batches: 10 });
    expect(quiet).toEqual([]);
  });

  it('with epochEveryMs, quick epochs print nothing (zoo eval reports slow runs only); an empty metric means the first validation metric', () => {
    const lines: string[] = [];
    const state = { epoch: 0, maxEpochs: 3 } as FitState;
    const logs = { epoch: 0, trainLoss: 1, valLoss: 1, val: { micro_f1: 0.5 }, seconds: 0.1 };
    new EpochLineCallback('q', '', (l) => lines.push(l), 30_000, 60_000).onEpochEnd(state, logs);
    expect(lines).toEqual([]);
    new EpochLineCallback('q', '', (l) => lines.push(l)).onEpochEnd(state, logs);
    expect(lines).toEqual(['q epoch 1/3 loss 1.0000 val_loss 1.0000 val_micro_f1 0.5000 (100 ms)']);
    // no validation split: the training loss only
    new EpochLineCallback('q', '', (l) => lines.push(l)).onEpochEnd(state, { ...logs, valLoss: Number.NaN, val: {} });
    expect(lines[1]).toBe('q epoch 1/3 loss 1.0000 (100 ms)');
  });
});
