import * as papers from './papers';

describe('video papers', () => {
  it('every reference has a title, a year and, when given, an arXiv id like 2101.11859', () => {
    const refs = Object.entries(papers);
    expect(refs.length).toBeGreaterThan(0);
    for (const [name, ref] of refs) {
      expect([name, typeof ref.title === 'string' && ref.title.trim().length > 0]).toEqual([name, true]);
      expect([name, Number.isInteger(ref.year) && ref.year >= 1900 && ref.year <= 2100]).toEqual([name, true]);
      if (ref.arxiv !== undefined) expect(ref.arxiv).toMatch(/^\d{4}\.\d{4,5}$/);
    }
  });
});
