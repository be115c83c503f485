import type { EvalRow } from '@zoo/core';
import { defaultJobs, summaryLine } from './eval';

const row = (recipe: string, status: EvalRow['status']): EvalRow => ({ recipe, metric: 'm', mean: null, std: null, seeds: 0, paper: null, seconds: 0, backend: 'cpu', status, reason: null });

describe('zoo eval', () => {
  it('counts recipes, not rows, in the summary line', () => {
    expect(summaryLine([row('a', 'ok'), row('a', 'ok'), row('b', 'skipped'), row('c', 'failed'), row('c', 'failed')])).toBe('1 ok, 1 skipped, 1 failed');
  });

  it('runs one job per core on the single-threaded backends, one on tfjs-node', () => {
    expect(defaultJobs('cpu')).toBeGreaterThanOrEqual(1);
    expect(defaultJobs('blas')).toBe(defaultJobs('cpu'));
    expect(defaultJobs('tfjs-node')).toBe(1);
    expect(defaultJobs('tfjs-node-gpu')).toBe(1);
  });
});
