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
});
