import { reportedLine } from './info';

describe('zoo info', () => {
  it('a reported value names the paper (title, year, arXiv id) and where it is printed', () => {
    const line = reportedLine({ metric: 'accuracy', value: 0.837, ref: { title: 'Interpreting and Unifying GNNs', year: 2021, arxiv: '2101.11859' }, where: 'Table 3, row GNN-LF-closed' });
    expect(line).toBe('reported: accuracy = 0.837 (Interpreting and Unifying GNNs (2021, arXiv 2101.11859); Table 3, row GNN-LF-closed)');
  });
});
