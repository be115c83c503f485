import type { EvalRow, FitState, RunResult } from '@zoo/core';
import { EvalProgress, formatDuration } from './eval-progress';

const runs = ['gnn/gcn@cora', 'gnn/sgc@cora'].flatMap((id) => [0, 1].map((seed) => ({ recipe: { id }, seed })));
const result = (recipe: string, seconds = 10): RunResult => ({ recipe, config: {} as RunResult['config'], metrics: { accuracy: 0.809 }, epochs: 200, bestEpoch: 195, seconds, backend: 'cpu' });
const row = (recipe: string, status: EvalRow['status'], reason: string | null = null): EvalRow => ({ recipe, metric: 'accuracy', mean: null, std: null, seeds: 0, paper: null, seconds: 0, backend: 'cpu', status, reason });

describe('EvalProgress', () => {
  it('names each run "[k/n] recipe seed s" by its place in the plan', () => {
    const p = new EvalProgress(runs, { clock: () => 0 });
    expect(p.total).toBe(4);
    expect(p.label('gnn/gcn@cora', 0)).toBe('[1/4] gnn/gcn@cora seed 0');
    expect(p.label('gnn/sgc@cora', 1)).toBe('[4/4] gnn/sgc@cora seed 1');
  });

  it('the ETA is the elapsed time per unit of work done times the units left (fake clock)', () => {
    let now = 1000;
    const p = new EvalProgress(runs, { clock: () => now });
    expect(p.eta()).toBe('');
    now += 10_000;
    expect(p.runDone(result('gnn/gcn@cora'), 0)).toBe('[1/4] gnn/gcn@cora seed 0: accuracy 0.8090 (200 epochs, 10.0 s) ETA 30s');
    // half of run 2 in 5 s more: 1.5 units in 15 s → 2.5 units left at 10 s each
    now += 5_000;
    p.advance('gnn/gcn@cora', 1, 0.5);
    expect(p.etaSeconds()).toBeCloseTo(25);
    expect(p.eta()).toBe(' ETA 25s');
    now += 5_000;
    p.runDone(result('gnn/gcn@cora'), 1);
    now += 60_000;
    expect(p.eta()).toBe(' ETA 1m20s');
    p.runDone(result('gnn/sgc@cora'), 0);
    p.runDone(result('gnn/sgc@cora'), 1);
    expect(p.eta()).toBe('');
  });

  it("an in-process run's epochs move the ETA; the progress line carries it", () => {
    let now = 0;
    const lines: string[] = [];
    const p = new EvalProgress(runs.slice(0, 2), { clock: () => now, write: (l) => lines.push(l) });
    const [fraction, display] = p.callbacks('gnn/gcn@cora', 0, 'accuracy', false);
    const state = { epoch: 54, maxEpochs: 200 } as FitState;
    // eval prints a run's epoch lines at most every 10 s: 11 s in
    now = 11_000;
    fraction.onEpochEnd!(state, { epoch: 54, trainLoss: 0.5, valLoss: 0.6, val: { accuracy: 0.7 }, seconds: 0.2 });
    display.onEpochEnd!(state, { epoch: 54, trainLoss: 0.5, valLoss: 0.6, val: { accuracy: 0.7 }, seconds: 0.2 });
    // 55/200 of one run in 11 s: 2 − 0.275 units left at 40 s each
    expect(lines).toEqual(['[1/2] gnn/gcn@cora seed 0 epoch 55/200 loss 0.5000 val_loss 0.6000 val_accuracy 0.7000 (200 ms) ETA 1m09s']);
    expect(fraction.priority).toBeLessThan(display.priority!);
  });

  it("a skipped or failed recipe's seeds not run count as done; its line names the status once", () => {
    let now = 0;
    const p = new EvalProgress(runs, { clock: () => now });
    now = 4_000;
    expect(p.recipeDone([row('gnn/gcn@cora', 'skipped', 'data not found at /d/cora')])).toBe('gnn/gcn@cora: skipped: data not found at /d/cora ETA 4s');
    expect(p.done).toBe(2);
    expect(p.recipeDone([row('gnn/sgc@cora', 'ok')])).toBeUndefined();
  });

  it('prefixes a --jobs worker line with its run and appends the ETA', () => {
    let now = 0;
    const p = new EvalProgress(runs, { clock: () => now });
    p.runDone(result('gnn/gcn@cora'), 0);
    now = 30_000;
    expect(p.workerLine('gnn/sgc@cora seed 1 epoch 3/9 batch 2/5')).toBe('[4/4] gnn/sgc@cora seed 1 epoch 3/9 batch 2/5 ETA 1m30s');
    expect(p.workerLine('something else')).toBe('something else ETA 1m30s');
  });

  it('formats durations as 45s, 1m20s, 2h05m', () => {
    expect(formatDuration(0.4)).toBe('0s');
    expect(formatDuration(45)).toBe('45s');
    expect(formatDuration(80)).toBe('1m20s');
    expect(formatDuration(3599)).toBe('59m59s');
    expect(formatDuration(2 * 3600 + 5 * 60 + 10)).toBe('2h05m');
  });
});
