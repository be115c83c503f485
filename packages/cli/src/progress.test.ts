import type { FitState } from '@zoo/core';
import { EpochLineCallback, RunFractionCallback } from './progress';

describe('EpochLineCallback', () => {
  it('writes a line per epoch and, within long epochs, progress lines at most every everyMs (never for the last batch)', () => {
    const lines: string[] = [];
    const state = { epoch: 1, maxEpochs: 5 } as FitState;
    const cb = new EpochLineCallback('r', 'accuracy', { write: (l) => lines.push(l), everyMs: 0 });
    cb.onBatchEnd(state, { batch: 3, batches: 10 });
    cb.onBatchEnd(state, { batch: 10, batches: 10 });
    cb.onEpochEnd(state, { epoch: 1, trainLoss: 0.5, valLoss: 0.25, val: { accuracy: 0.75 }, seconds: 2 });
    expect(lines).toEqual(['r epoch 2/5 batch 3/10', 'r epoch 2/5 loss 0.5000 val_loss 0.2500 val_accuracy 0.7500 (2000 ms)']);
    const quiet: string[] = [];
    const slow = new EpochLineCallback('r', 'accuracy', { write: (l) => quiet.push(l), everyMs: 60_000 });
    slow.onBatchEnd(state, { batch: 3, batches: 10 });
    expect(quiet).toEqual([]);
  });

  it('with epochEveryMs, quick epochs print nothing (zoo eval reports slow runs only); an empty metric means the first validation metric', () => {
    const lines: string[] = [];
    const state = { epoch: 0, maxEpochs: 3 } as FitState;
    const logs = { epoch: 0, trainLoss: 1, valLoss: 1, val: { micro_f1: 0.5 }, seconds: 0.1 };
    new EpochLineCallback('q', '', { write: (l) => lines.push(l), everyMs: 30_000, epochEveryMs: 60_000 }).onEpochEnd(state, logs);
    expect(lines).toEqual([]);
    new EpochLineCallback('q', '', { write: (l) => lines.push(l) }).onEpochEnd(state, logs);
    expect(lines).toEqual(['q epoch 1/3 loss 1.0000 val_loss 1.0000 val_micro_f1 0.5000 (100 ms)']);
    // no validation split: the training loss only
    new EpochLineCallback('q', '', { write: (l) => lines.push(l) }).onEpochEnd(state, { ...logs, valLoss: undefined, val: {} });
    expect(lines[1]).toBe('q epoch 1/3 loss 1.0000 (100 ms)');
  });

  it('a suffix ends every line; the clock is injectable', () => {
    const lines: string[] = [];
    let now = 0;
    const cb = new EpochLineCallback('r', 'accuracy', { write: (l) => lines.push(l), everyMs: 1000, epochEveryMs: 5000, suffix: () => ' ETA 9s', now: () => now });
    const state = { epoch: 0, maxEpochs: 2 } as FitState;
    cb.onBatchEnd(state, { batch: 1, batches: 4 });
    now = 1000;
    cb.onBatchEnd(state, { batch: 2, batches: 4 });
    cb.onEpochEnd(state, { epoch: 0, trainLoss: 1, val: {}, seconds: 1 });
    now = 5000;
    cb.onEpochEnd(state, { epoch: 0, trainLoss: 1, val: {}, seconds: 1 });
    expect(lines).toEqual(['r epoch 1/2 batch 2/4 ETA 9s', 'r epoch 1/2 loss 1.0000 (1000 ms) ETA 9s']);
  });
});

describe('RunFractionCallback', () => {
  it('reports the part of the epochs done, within an epoch by its batches', () => {
    const seen: number[] = [];
    const cb = new RunFractionCallback((f) => seen.push(f));
    cb.onBatchEnd({ epoch: 1, maxEpochs: 4 } as FitState, { batch: 1, batches: 2 });
    cb.onEpochEnd({ epoch: 1, maxEpochs: 4 } as FitState);
    cb.onEpochEnd({ epoch: 4, maxEpochs: 4 } as FitState);
    expect(seen).toEqual([0.375, 0.5, 1]);
  });
});
