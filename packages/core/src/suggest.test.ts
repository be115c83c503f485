import { closestMatch, didYouMean } from './suggest';

describe('closestMatch / didYouMean (typo help)', () => {
  it('finds a swapped, a missing and an extra letter', () => {
    expect(closestMatch('gnn/gnc@cora', ['gnn/gcn@cora', 'gnn/sgc@cora'])).toBe('gnn/gcn@cora');
    expect(closestMatch('gnm', ['gnn', 'kg', 'snn'])).toBe('gnn');
    expect(closestMatch('trainer.lrr', ['trainer.lr', 'trainer.maxEpochs'])).toBe('trainer.lr');
    expect(closestMatch('stpes', ['steps', 'sizes'])).toBe('steps');
    expect(closestMatch('tyo', ['gnn', 'toy'])).toBe('toy');
    expect(closestMatch('ngn', ['gnn'])).toBe('gnn');
    expect(closestMatch('abc', ['xyz', 'cba'])).toBeUndefined();
  });

  it('suggests nothing when no candidate is close, and is case-insensitive', () => {
    expect(closestMatch('face', ['gnn', 'snn', 'kg', 'debias'])).toBeUndefined();
    expect(closestMatch('newpaper', ['gnn', 'snn'])).toBeUndefined();
    expect(closestMatch('x', [])).toBeUndefined();
    expect(closestMatch('GCN', ['gcn'])).toBe('gcn');
  });

  it('keeps the first of equally close candidates; didYouMean formats the hint', () => {
    expect(closestMatch('ab', ['ac', 'ad'])).toBe('ac');
    expect(didYouMean('gnm', ['gnn'])).toBe('; did you mean gnn?');
    expect(didYouMean('gnm', ['gnn'], (s) => `'${s}'`)).toBe("; did you mean 'gnn'?");
    expect(didYouMean('gnn', ['gnn'])).toBe('');
    expect(didYouMean('zzz', ['gnn'])).toBe('');
  });
});
