import { PAPER } from './papers';
import { recipes, reported } from './recipes';

describe('video recipes', () => {
  it('ids are video/<name>@<dataset>, unique; smoke, cpu and paper tiers exist', () => {
    for (const r of recipes) expect(r.id).toMatch(new RegExp(`^video/[a-z0-9.-]+@${r.dataset}$`));
    expect(new Set(recipes.map((r) => r.id)).size).toBe(recipes.length);
    for (const tier of ['smoke', 'cpu', 'paper']) expect(recipes.some((r) => r.tier === tier)).toBe(true);
  });

  it('the paper tier: four backbones on five benchmarks and MVFNet-R101 on Kinetics-400', () => {
    const paper = recipes.filter((r) => r.tier === 'paper').map((r) => r.id);
    for (const b of ['c2d', 'tsm', 'slowonly', 'mvfnet']) for (const d of ['kinetics400', 'sthv1', 'sthv2', 'ucf101', 'hmdb51']) expect(paper).toContain(`video/${b}-r50@${d}`);
    expect(paper).toContain('video/mvfnet-r101@kinetics400');
  });

  it('reported values cite a paper and where in it the value is printed', () => {
    expect(reported('accuracy', 0.76, 'README')).toEqual({ metric: 'accuracy', value: 0.76, ref: PAPER, where: 'README' });
    const k400 = recipes.find((r) => r.id === 'video/mvfnet-r50@kinetics400')!;
    expect(k400.paper?.[0].value).toBe(0.76);
    for (const r of recipes) {
      for (const p of r.paper ?? []) {
        expect(r.metrics).toContain(p.metric);
        expect(p.value).toBeGreaterThanOrEqual(0);
        expect(p.value).toBeLessThanOrEqual(1);
        expect(p.where.length).toBeGreaterThan(0);
      }
    }
  });
});
