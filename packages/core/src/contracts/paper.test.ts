import { definePlugin } from '../plugin';
import { toyPlugin } from '../testing/toy-plugin';
import { formatPaperRef, paperRefProblems, paperValueProblems } from './paper';
import type { Recipe } from './recipe';

const REF = { title: 'Semi-Supervised Classification with Graph Convolutional Networks', year: 2017, arxiv: '1609.02907' };

describe('paper references', () => {
  it('formats title, year and arXiv id', () => {
    expect(formatPaperRef(REF)).toBe('Semi-Supervised Classification with Graph Convolutional Networks (2017, arXiv 1609.02907)');
    expect(formatPaperRef({ title: 'T', year: 1998 })).toBe('T (1998)');
  });

  it('names every bad field', () => {
    expect(paperRefProblems(REF, 'ref')).toEqual([]);
    expect(paperRefProblems({ title: '', year: 17, arxiv: 'abs/1609' }, 'ref')).toEqual([
      'ref.title: expected a non-empty string',
      'ref.year: expected a year (got 17)',
      'ref.arxiv: expected an id like 2101.11859 (got "abs/1609")',
    ]);
    expect(paperValueProblems({ metric: 'accuracy', value: 0.815, ref: REF, where: 'Table 2, row GCN' }, 'paper[0]')).toEqual([]);
    expect(paperValueProblems({ metric: 'accuracy', value: 0.815, source: 'Kipf 2017, Table 2' }, 'paper[0]')).toEqual([
      "paper[0].where: expected where the value is printed, e.g. 'Table 3, row GCN'",
      'paper[0].source: replaced by ref { title, year, arxiv? } and where',
      'paper[0].ref: expected { title, year, arxiv? }',
    ]);
  });

  it('definePlugin rejects a bad paper value with the recipe and the field', () => {
    const withPaper = (paper: unknown) => ({ ...toyPlugin, recipes: [{ ...toyPlugin.recipes[0], paper } as Recipe] });
    expect(() => definePlugin(withPaper([{ metric: 'accuracy', value: 0.9, ref: REF, where: 'Table 2' }]))).not.toThrow();
    expect(() => definePlugin(withPaper([{ metric: 'accuracy', value: 0.9, ref: { title: 'X' }, where: 'Table 2' }]))).toThrow(
      'recipe toy/softmax@blobs: bad paper reference: paper[0].ref.year: expected a year (got undefined)',
    );
    expect(() => definePlugin(withPaper([{ metric: 'accuracy', value: '90%', ref: REF, where: 'Table 2' }]))).toThrow(/toy\/softmax@blobs: .*paper\[0\]\.value: expected a finite number/);
    expect(() => definePlugin(withPaper([{ metric: 'f1', value: 0.9, ref: REF, where: 'Table 2' }]))).toThrow(/paper value for 'f1', which is not one of its metrics/);
  });

  it("definePlugin checks a trainer's paper too", () => {
    const trainer = { id: 't', description: 'd', configSchema: toyPlugin.models[0].configSchema, trainer: class {} as never, paper: { title: 'T', year: 'soon' } as never };
    expect(() => definePlugin({ ...toyPlugin, trainers: [trainer] })).toThrow("trainer t of plugin 'toy': bad paper reference: paper.year: expected a year (got \"soon\")");
  });
});
