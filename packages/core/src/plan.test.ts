import { Plan } from './plan';
import type { Recipe } from './contracts/recipe';

const recipe = (id: string): Recipe => ({ id, model: 'm', dataset: 'd', tier: 'smoke', metrics: ['accuracy'] });
const ids = (p: Plan) => p.runs.map((r) => `${r.recipe.id}#${r.seed}`);

describe('Plan', () => {
  const plan = Plan.of([recipe('a/m@x'), recipe('a/m@y')], 3);

  it('lists every recipe at seeds 0..n-1, recipe by recipe', () => {
    expect(ids(plan)).toEqual(['a/m@x#0', 'a/m@x#1', 'a/m@x#2', 'a/m@y#0', 'a/m@y#1', 'a/m@y#2']);
    expect(plan.size).toBe(6);
    expect(plan.recipes.map((r) => r.id)).toEqual(['a/m@x', 'a/m@y']);
    expect(plan.runsOf('a/m@y')).toBe(3);
    expect(() => Plan.of([recipe('a/m@x')], 0)).toThrow(/seeds 0/);
  });

  it('slices like an array, and the slice is a plan of its own', () => {
    const s = plan.slice(2, 4);
    expect(ids(s)).toEqual(['a/m@x#2', 'a/m@y#0']);
    expect(s.recipes.map((r) => r.id)).toEqual(['a/m@x', 'a/m@y']);
    expect(s.runsOf('a/m@x')).toBe(1);
  });

  it('shards i/n: contiguous, sizes within one, together the whole plan in order', () => {
    for (const n of [1, 2, 4, 6, 7]) {
      const shards = Array.from({ length: n }, (_, i) => plan.shard(i, n));
      expect(shards.flatMap(ids)).toEqual(ids(plan));
      const sizes = shards.map((s) => s.size);
      expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
    }
    expect(ids(plan.shard(0, 4))).toEqual(['a/m@x#0', 'a/m@x#1']);
    expect(ids(plan.shard(3, 4))).toEqual(['a/m@y#2']);
    expect(() => plan.shard(2, 2)).toThrow(/expected 0\.\.1/);
    expect(() => plan.shard(0, 0)).toThrow(/shard count 0/);
  });
});
