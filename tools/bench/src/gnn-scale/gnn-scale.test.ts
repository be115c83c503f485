import { gnnScaleBench } from './gnn-scale';

describe('zoo bench gnn-scale options and table', () => {
  it('keeps the flags of `zoo bench gnn-scale -- --sizes 10000,100000 --epochs 3`, with the old defaults', () => {
    expect(gnnScaleBench.parse(['--sizes', '10000,100000', '--epochs', '3'])).toEqual({
      sizes: [10000, 100000],
      epochs: 3,
      budget: 120,
      target: 0.7,
      hidden: 64,
      timeout: 900,
      methods: ['full-batch-gcn', 'cluster-gcn', 'l-gcn'],
    });
    expect(gnnScaleBench.parse(['--methods', 'cluster-gcn']).methods).toEqual(['cluster-gcn']);
  });

  it('a bad option names the flag', () => {
    expect(() => gnnScaleBench.parse(['--sizes', '50'])).toThrow('bench gnn-scale option --sizes[0]: Too small: expected number to be >=100 (got "50")');
    expect(() => gnnScaleBench.parse(['--epochs', 'abc'])).toThrow('bench gnn-scale option --epochs: expected number, received string (got "abc")');
    expect(() => gnnScaleBench.parse(['--methods', 'gat'])).toThrow(/^bench gnn-scale option --methods\[0\]: expected one of "full-batch-gcn"\|"cluster-gcn"\|"l-gcn" \(got "gat"\)$/);
  });

  it('tables a row as CI greps it (`| 2000 | cluster-gcn |`)', () => {
    const t = gnnScaleBench.table([{ status: 'ok', method: 'cluster-gcn', nodes: 2000, epochs: 3, sec_per_epoch: 0.45, sec_to_target: null, val_accuracy: 0.55, step_peak_mb: 7.4, rss_peak_mb: 152 }]);
    expect(t.split('\n')[2]).toBe('| 2000 | cluster-gcn | 3 | 0.45 | - | 0.550 | 7 | 152 | ok |');
  });
});
