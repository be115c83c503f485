import { PAPER } from './papers';
import { recipes, reported } from './recipes';

describe('video recipes', () => {
  it('ids are video/<model>@<dataset> and unique; there is a smoke recipe', () => {
    for (const r of recipes) expect(r.id).toBe(`video/${r.model}@${r.dataset}`);
    expect(new Set(recipes.map((r) => r.id)).size).toBe(recipes.length);
    expect(recipes.some((r) => r.tier === 'smoke')).toBe(true);
  });

  it('reported values cite a paper and where in it the value is printed', () => {
    expect(reported('accuracy', 0.815, 'Table 2, row GCN')).toEqual({ metric: 'accuracy', value: 0.815, ref: PAPER, where: 'Table 2, row GCN' });
    for (const r of recipes) {
      for (const p of r.paper ?? []) {
        expect(r.metrics).toContain(p.metric);
        expect(p.value).toBeGreaterThanOrEqual(0);
        expect(p.value).toBeLessThanOrEqual(1);
        expect(p.ref.title.length).toBeGreaterThan(0);
        expect(p.where.length).toBeGreaterThan(0);
      }
    }
  });
});
